from .claim import Claim
from .invitation import Invitation
from .maker import Maker, MakerCategory, Membership
from .media import Photo
from .offer import OpeningPeriod, Product, SalesPoint
from .revision import MakerRevision

__all__ = [
    "Claim",
    "Invitation",
    "Maker",
    "MakerCategory",
    "MakerRevision",
    "Membership",
    "OpeningPeriod",
    "Photo",
    "Product",
    "SalesPoint",
]
