"""Public API of the gazetteer: places whose name starts like what the client typed."""

from ninja import Query, Router, Schema

from localiste.places.geocoding import place_suggestions

router = Router()
MAX_PLACES = 20


class PlaceOut(Schema):
    name: str
    kind: str
    postcodes: list[str]
    department_code: str
    country_code: str
    latitude: float | None
    longitude: float | None


@router.get("", response=list[PlaceOut], summary="Places for a name prefix")
def places(
    request,
    q: str = Query("", description="The start of a place name: 'meri' finds Mérignac."),
    limit: int = Query(8, ge=1, le=MAX_PLACES),
):
    """Up to `limit` places whose name starts like `q` (accents and case ignored), the most
    populous of the installation's country first."""
    return [
        {
            "name": place.name,
            "kind": place.kind,
            "postcodes": place.postcodes.split(),
            "department_code": place.department_code,
            "country_code": place.country_code,
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
        for place in place_suggestions(q, limit=limit)
    ]
