"""The embedded store for local use: one SQLite file, survives restarts, safe across threads.

Retention, as DynamoDB's TTL does it on Lambda: expired raw answers (a night's `expires_at`)
and expired profiles (a year after their last write) of every household are deleted when the
store opens and on every write, and are never served in between.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from skill.household import (
    Household,
    NightRecord,
    household_json,
    night_json,
    profile_expires_at,
    read_household,
    read_night,
    with_version,
)
from skill.ports import NightAlreadyRecorded, StorageUnavailable, VersionConflict, check_save
from skill.records import RecordError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS households (
    household_id TEXT PRIMARY KEY,
    version      INTEGER NOT NULL,
    data         TEXT NOT NULL,
    expires_at   INTEGER
);
CREATE TABLE IF NOT EXISTS nights (
    household_id TEXT NOT NULL,
    night        TEXT NOT NULL,
    data         TEXT NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (household_id, night)
);
CREATE INDEX IF NOT EXISTS nights_by_expiry ON nights (expires_at);
"""
# Files made before profiles expired lack the column; their profiles get a fresh year.
_ADD_PROFILE_EXPIRY = "ALTER TABLE households ADD COLUMN expires_at INTEGER"
_PROFILE_INDEX = "CREATE INDEX IF NOT EXISTS households_by_expiry ON households (expires_at)"


class SqliteStore:
    def __init__(self, path: str, *, clock: Callable[[], float] = time.time) -> None:
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=5.0)
        self._lock = threading.Lock()
        self._clock = clock
        with self._lock:
            self._db.executescript(_SCHEMA)
            self._db.execute("PRAGMA journal_mode=WAL")
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(households)")}
            if "expires_at" not in columns:
                self._db.execute(_ADD_PROFILE_EXPIRY)
            self._db.execute(_PROFILE_INDEX)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                # A profile written without an expiry (an older file) gets a year from now.
                self._db.execute(
                    "UPDATE households SET expires_at = ? WHERE expires_at IS NULL",
                    (profile_expires_at(self._clock()),),
                )
                self._sweep_expired()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def load(self, household_id: str) -> Household | None:
        with self._lock:
            row = self._query_one(
                "SELECT version, data, expires_at FROM households WHERE household_id = ?",
                (household_id,),
            )
        if row is None or (row[2] is not None and int(str(row[2])) <= int(self._clock())):
            return None  # never written, or expired and not swept yet
        household = read_household(str(row[1]), household_id)
        return with_version(household, int(str(row[0])))

    def save(
        self, household: Household, *, expected_version: int, night: NightRecord | None = None
    ) -> Household:
        check_save(household, expected_version, night)
        saved = replace(household, version=expected_version + 1)
        data = household_json(saved)
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    self._write(saved, expected_version, data, night)
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise StorageUnavailable(type(error).__name__) from error
        return saved

    def _write(
        self, saved: Household, expected_version: int, data: str, night: NightRecord | None
    ) -> None:
        # Expired profiles and nights go first, so an expired household starts afresh.
        self._sweep_expired()
        expires_at = profile_expires_at(self._clock())
        if expected_version == 0:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO households (household_id, version, data, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (saved.household_id, saved.version, data, expires_at),
            )
        else:
            cursor = self._db.execute(
                "UPDATE households SET version = ?, data = ?, expires_at = ? "
                "WHERE household_id = ? AND version = ?",
                (saved.version, data, expires_at, saved.household_id, expected_version),
            )
        if cursor.rowcount != 1:
            raise VersionConflict(saved.household_id)
        if night is not None:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO nights (household_id, night, data, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (
                    night.household_id,
                    night.night.isoformat(),
                    night_json(night),
                    night.expires_at,
                ),
            )
            if cursor.rowcount != 1:
                raise NightAlreadyRecorded(saved.household_id)

    def _sweep_expired(self) -> None:
        """Delete every household's expired nights and profiles (DynamoDB's TTL does it there)."""
        now = int(self._clock())
        self._db.execute("DELETE FROM nights WHERE expires_at <= ?", (now,))
        self._db.execute("DELETE FROM households WHERE expires_at <= ?", (now,))

    def load_night(self, household_id: str, night: date) -> NightRecord | None:
        with self._lock:
            row = self._query_one(
                "SELECT data, expires_at FROM nights WHERE household_id = ? AND night = ?",
                (household_id, night.isoformat()),
            )
        if row is None or int(str(row[1])) <= int(self._clock()):
            return None
        try:
            return read_night(str(row[0]))
        except RecordError:
            return None  # unreadable: as if absent, like the other stores

    def delete_household(self, household_id: str) -> int:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                nights = self._db.execute(
                    "DELETE FROM nights WHERE household_id = ?", (household_id,)
                ).rowcount
                profile = self._db.execute(
                    "DELETE FROM households WHERE household_id = ?", (household_id,)
                ).rowcount
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise StorageUnavailable(type(error).__name__) from error
        return int(nights) + int(profile)

    def _query_one(self, sql: str, args: tuple[object, ...]) -> tuple[object, ...] | None:
        try:
            row: tuple[object, ...] | None = self._db.execute(sql, args).fetchone()
        except sqlite3.Error as error:
            raise StorageUnavailable(type(error).__name__) from error
        return row
