from .claim import Claim
from .featured import TerritoryFeature
from .invitation import Invitation
from .knowhow import KnowHow, KnowHowPhoto
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
    "KnowHow",
    "KnowHowPhoto",
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
    "TerritoryFeature",
    "Source",
]
