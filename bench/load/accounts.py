"""Create the accounts the load and fault scripts sign in with, on the database they target.

    OKO_DATABASE_URL=… .venv/bin/python bench/load/accounts.py --out var/load/accounts.json

Directors of real schools spread over the municipalities (their own profile is what they open),
the heads of several municipalities, the region's user and an administrator with TOTP (the
production profile makes administrators sign in with a code; the script keeps the secret in the
output file, for this demo database only). Idempotent: existing accounts are kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pyotp  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from dashboard.cli import DEMO_PASSWORD  # noqa: E402
from dashboard.config import Settings  # noqa: E402
from dashboard.db import get_engine  # noqa: E402
from dashboard.models import Municipality, School, SchoolResult  # noqa: E402
from data_access import database, users  # noqa: E402


def _schools(conn, count: int) -> list[str]:
    """The `count` schools with the most results, taken round-robin over municipalities."""
    rows = conn.execute(
        select(School.school_code, School.municipality_id, func.count(SchoolResult.procedure_id))
        .join(SchoolResult, SchoolResult.school_id == School.id)
        .group_by(School.school_code, School.municipality_id)
        .order_by(func.count(SchoolResult.procedure_id).desc(), School.school_code)
    ).all()
    by_municipality: dict[int, list[str]] = {}
    for code, municipality, _n in rows:
        by_municipality.setdefault(municipality, []).append(code)
    picked: list[str] = []
    while len(picked) < count and any(by_municipality.values()):
        for codes in by_municipality.values():
            if codes and len(picked) < count:
                picked.append(codes.pop(0))
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directors", type=int, default=40)
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--out", default="var/load/accounts.json")
    args = parser.parse_args()
    settings = Settings.from_env()
    engine = get_engine(settings.database_url)
    accounts: list[dict] = []
    with database.bind(engine):
        existing = {u["login"]: u for u in users.list_users(users.SYSTEM)}
        with engine.connect() as conn:
            schools = _schools(conn, args.directors)
            municipalities = list(
                conn.execute(
                    select(Municipality.code).order_by(Municipality.code).limit(args.districts)
                ).scalars()
            )

        def ensure(login: str, role: str, **where) -> None:
            if login not in existing:
                users.add_user(users.SYSTEM, login, DEMO_PASSWORD, role, **where)
            accounts.append({"login": login, "role": role, **where})

        for n, code in enumerate(schools):
            ensure(f"load_dir{n:03d}", "school", school_code=code)
        for n, code in enumerate(municipalities):
            ensure(f"load_mun{n:03d}", "municipality", municipality_code=code)
        for n in range(5):
            ensure(f"load_reg{n:03d}", "region")
        ensure("load_admin", "admin")
        secret = pyotp.random_base32()
        users.set_totp(users.SYSTEM, "load_admin", secret)
        accounts[-1]["totp_secret"] = secret
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"password": DEMO_PASSWORD, "accounts": accounts}, indent=1))
    print(f"{len(accounts)} accounts in {out}")


if __name__ == "__main__":
    main()
