from .maker import Maker, MakerCategory, Membership
from .media import Photo
from .offer import OpeningPeriod, Product, SalesPoint

__all__ = [
    "Maker",
    "MakerCategory",
    "Membership",
    "OpeningPeriod",
    "Photo",
    "Product",
    "SalesPoint",
]
