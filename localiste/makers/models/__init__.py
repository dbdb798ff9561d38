from .claim import Claim
from .invitation import Invitation
from .maker import Maker, MakerCategory, Membership
from .media import Photo
from .offer import PUBLIC_PRODUCTS, OpeningPeriod, Product, SalesPoint
from .revision import MakerRevision
from .source import Source
from .watch import DuplicateCandidate, Report, SlugRedirect

__all__ = [
    "PUBLIC_PRODUCTS",
    "Claim",
    "DuplicateCandidate",
    "Invitation",
    "Maker",
    "MakerCategory",
    "MakerRevision",
    "Membership",
    "OpeningPeriod",
    "Photo",
    "Product",
    "Report",
    "SalesPoint",
    "SlugRedirect",
    "Source",
]
