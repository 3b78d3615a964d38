"""Central's trust list: every registered station key, signed with central's own key."""

from __future__ import annotations

import datetime as dt

from loket.central.store import CentralStore
from loket.printing.keys import StationKey
from loket.printing.trustlist import office_name, sign_trust_list, trusted_key

ISSUER = "Pusat Layanan Adminduk (reference central)"


def signer(store: CentralStore) -> StationKey:
    from cryptography.hazmat.primitives import serialization

    return StationKey(serialization.load_pem_private_key(store.trust_signer_pem(), password=None))


def trust_list(store: CentralStore, issuer: str = ISSUER) -> str:
    """The signed trust list (compact JWS) of every key central knows.

    A key is valid from its station's onboarding day: a station signs Sukets offline
    before its key reaches central, but never before it exists.
    """
    names: dict[str, str] = {}
    keys = []
    for row in store.trust_rows():
        office = row["office_code"]
        if office not in names:
            names[office] = office_name(office)
        keys.append(trusted_key(row["jwk"], office=office, office_name=names[office], station=row["station_id"],
                                valid_from=dt.date.fromisoformat(row["created_at"][:10]),
                                revoked_at=row["revoked_at"]))
    return sign_trust_list(signer(store), keys, issuer)
