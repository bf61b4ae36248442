"""The gateway suite run by the Python `trino` client (PyPI), the DB-API driver Trino publishes.

Run by tests/interop/gateway/pythonTrino.test.ts against a gateway over a temporary lakehouse:
types, paging a million rows, errors, cancel, time travel, metadata tables, USE, auth and the
sandbox-escape list. Prints one line per check and exits non-zero when any check fails.
"""
import argparse
import datetime
import decimal
import json
import sys
import threading
import time

import trino
from trino.auth import BasicAuthentication
from trino.exceptions import HttpError, TrinoUserError, TrinoQueryError

failures = []


def check(name, fn):
    try:
        fn()
        print(f"ok {name}")
    except Exception as error:  # noqa: BLE001 - every failure is reported with its check name
        failures.append(name)
        print(f"FAIL {name}: {type(error).__name__}: {error}")


def connect(args, **kwargs):
    options = dict(host=args.host, port=args.port, user="interop", catalog="iceberg", schema="gold", http_scheme="http")
    options.update(kwargs)
    return trino.dbapi.connect(**options)


def rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetchall()


def expect_error(conn, sql, error_name):
    cur = conn.cursor()
    try:
        cur.execute(sql)
        cur.fetchall()
    except TrinoQueryError as error:
        assert error.error_name == error_name, f"{sql!r}: got {error.error_name} ({error.message}), expected {error_name}"
        assert error.error_type == "USER_ERROR" or error_name.startswith("EXCEEDED"), error.error_type
        assert error.message, "empty error message"
        return error
    raise AssertionError(f"{sql!r} succeeded, expected {error_name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--auth-port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--tls-port", type=int, required=True)
    parser.add_argument("--tls-ca", required=True, help="PEM certificate the HTTPS gateway serves")
    parser.add_argument("--snapshot-id", type=int, required=True)
    parser.add_argument("--escapes", required=True, help="JSON file: [{sql, errorName}]")
    args = parser.parse_args()
    conn = connect(args)

    def types():
        result = rows(conn, "SELECT product_id, price, last_trade_time, change_pct_24h FROM gold.latest_prices "
                            "WHERE product_id = 'BTC-USD' ORDER BY price LIMIT 1")
        product, price, at, pct = result[0]
        assert product == "BTC-USD", product
        assert isinstance(price, decimal.Decimal) and price == decimal.Decimal("100.00000000"), repr(price)
        assert str(price) == "100.00000000", str(price)
        assert at == datetime.datetime(2024, 3, 1, 23, 59, 59, 123456, tzinfo=datetime.timezone.utc), repr(at)
        assert at.utcoffset() == datetime.timedelta(0)
        assert pct == 2.04, pct
        exact = rows(conn, "SELECT 9007199254740993, CAST('12345678901234567890.12345678' AS DECIMAL(38,8)), "
                           "DATE '2024-02-29', true, ARRAY[1, 2], MAP(ARRAY['k'], ARRAY[1.5])")[0]
        assert exact[0] == 9007199254740993, exact[0]
        assert exact[1] == decimal.Decimal("12345678901234567890.12345678"), exact[1]
        assert exact[2] == datetime.date(2024, 2, 29), exact[2]
        assert exact[3] is True and exact[4] == [1, 2], exact
        assert exact[5] == {"k": decimal.Decimal("1.5")}, exact[5]

    def parameters():
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM gold.ohlcv_1m WHERE product_id = ? AND bucket_start >= ?",
                    ("BTC-USD", datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)))
        assert cur.fetchall() == [[720]]
        cur.execute("SELECT ?, ?, ?", (decimal.Decimal("1.25"), None, True))
        assert cur.fetchall() == [[decimal.Decimal("1.25"), None, True]]

    def paging():
        cur = conn.cursor()
        cur.execute("SELECT range AS n FROM range(1000000)")
        count = 0
        total = 0
        while True:
            batch = cur.fetchmany(50000)
            if not batch:
                break
            count += len(batch)
            total += sum(row[0] for row in batch)
        assert count == 1000000, count
        assert total == 999999 * 1000000 // 2, total

    def errors():
        expect_error(conn, "SELECT FROM WHERE", "SYNTAX_ERROR")
        error = expect_error(conn, "SELECT * FROM gold.no_such_table", "TABLE_NOT_FOUND")
        assert "no_such_table" in error.message, error.message
        expect_error(conn, "SELECT no_such_function(1)", "FUNCTION_NOT_FOUND")

    def cancel():
        cur = connect(args).cursor()
        threading.Timer(0.5, cur.cancel).start()
        started = time.monotonic()
        try:
            cur.execute("SELECT sum(a.range * b.range) FROM range(300000) a, range(300000) b")
            cur.fetchall()
        except TrinoQueryError as error:
            assert error.error_name == "USER_CANCELED", error.error_name
        assert time.monotonic() - started < 30, "cancel did not stop the query"
        query_id = cur.query_id
        assert query_id, "no query id"
        state = []
        for _ in range(100):
            state = rows(conn, f"SELECT state, error_code FROM system.runtime.queries WHERE query_id = '{query_id}'")
            if state and state[0][0] == "FAILED":
                break
            time.sleep(0.05)
        assert state == [["FAILED", "USER_CANCELED"]], state

    def time_travel():
        assert rows(conn, f"SELECT count(*) FROM gold.latest_prices FOR VERSION AS OF {args.snapshot_id}") == [[3]]
        ids = [r[0] for r in rows(conn, 'SELECT snapshot_id FROM "latest_prices$snapshots" ORDER BY committed_at')]
        assert ids[0] == args.snapshot_id, (ids, args.snapshot_id)
        first = rows(conn, 'SELECT committed_at FROM "latest_prices$snapshots" ORDER BY committed_at LIMIT 1')[0][0]
        stamp = first.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        assert rows(conn, f"SELECT count(*) FROM gold.latest_prices FOR TIMESTAMP AS OF TIMESTAMP '{stamp}'") == [[3]]

    def metadata_tables():
        for kind in ["snapshots", "history", "files", "manifests", "partitions", "refs"]:
            result = rows(conn, f'SELECT count(*) FROM gold."latest_prices${kind}"')
            assert result[0][0] >= 1, (kind, result)
        assert rows(conn, "SELECT count(*) FROM iceberg_snapshots('gold.latest_prices')")[0][0] >= 1

    def browsing():
        assert ["iceberg"] in rows(conn, "SHOW CATALOGS")
        assert ["gold"] in rows(conn, "SHOW SCHEMAS FROM iceberg")
        assert ["latest_prices"] in rows(conn, "SHOW TABLES")
        described = rows(conn, "DESCRIBE gold.ohlcv_1m")
        assert ["bucket_start", "timestamp(6) with time zone", "", ""] in described, described
        cur = conn.cursor()
        cur.execute("SELECT * FROM gold.ohlcv_1m LIMIT 1")
        cur.fetchall()
        types = {d[0]: d[1] for d in cur.description}
        assert types["close"] == "decimal(18,8)" and types["trade_count"] == "bigint", types

    def use():
        plain = trino.dbapi.connect(host=args.host, port=args.port, user="interop", http_scheme="http")
        cur = plain.cursor()
        cur.execute("USE iceberg.gold")
        cur.fetchall()
        assert rows(plain, "SELECT count(*) FROM latest_prices")[0][0] >= 3

    def auth():
        good = connect(args, port=args.auth_port, auth=BasicAuthentication("analyst", args.secret),
                       allow_insecure_auth=True)
        assert rows(good, "SELECT 1") == [[1]]
        bad = connect(args, port=args.auth_port, auth=BasicAuthentication("analyst", "wrong"), allow_insecure_auth=True)
        try:
            rows(bad, "SELECT 1")
        except HttpError as error:
            assert "401" in str(error), error
        else:
            raise AssertionError("wrong password accepted")

    def https_auth():
        secure = connect(args, port=args.tls_port, http_scheme="https", verify=args.tls_ca,
                         auth=BasicAuthentication("analyst", args.secret))
        assert rows(secure, "SELECT 'over tls'") == [["over tls"]]

    def sandbox():
        with open(args.escapes, encoding="utf-8") as file:
            attempts = json.load(file)
        assert len(attempts) > 20
        for attempt in attempts:
            expect_error(conn, attempt["sql"], attempt["errorName"])
        assert rows(conn, "SELECT count(*) FROM gold.ohlcv_1m")[0][0] >= 1440

    for name, fn in [("types", types), ("parameters", parameters), ("paging a million rows", paging), ("errors", errors), ("cancel", cancel),
                     ("time travel", time_travel), ("metadata tables", metadata_tables), ("browsing", browsing),
                     ("USE", use), ("auth", auth), ("https auth", https_auth), ("sandbox escapes", sandbox)]:
        check(name, fn)
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
