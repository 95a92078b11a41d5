"""Who may use the dashboard, and what they may do: passwords and roles, without Streamlit.

The team's `.streamlit/secrets.toml` names the users. Passwords are stored as
`pbkdf2_sha256$<iterations>$<salt>$<hash>` (what `livestock hash-password` prints),
`sha256$<hex digest>` (unsalted, accepted for teams that already have them), or plain text
(accepted, with a loud warning on every login screen). Checks take the same time whether
the user exists or the password is close: `hmac.compare_digest` on the derived bytes, and a
dummy derivation for an unknown user.

Roles: an `editor` may change settings and load data; a `viewer` sees every page.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.common.errors import LiveStockError

PBKDF2_PREFIX = "pbkdf2_sha256"
SHA256_PREFIX = "sha256"
# OWASP's 2023 advice for PBKDF2-HMAC-SHA256; about 0.3 s a check on one core here.
PBKDF2_ITERATIONS = 600_000
SALT_BYTES = 16
WILDCARD = "*"  # [roles] "*" = "viewer": the role of any other signed-in (OIDC) user


class AuthConfigError(LiveStockError):
    """secrets.toml's login sections are malformed: the dashboard stays shut."""


class Role(StrEnum):
    EDITOR = "editor"
    VIEWER = "viewer"


def can_edit(role: Role) -> bool:
    """Editors change settings and load data; viewers only look."""
    return role is Role.EDITOR


def hash_password(password: str, *, iterations: int = PBKDF2_ITERATIONS,
                  salt: bytes | None = None) -> str:
    """`pbkdf2_sha256$<iterations>$<salt b64>$<PBKDF2-HMAC-SHA256(password, salt) b64>`."""
    if not password:
        raise LiveStockError("an empty password cannot be hashed: choose one")
    if iterations < 1:
        raise ValueError(f"iterations must be at least 1, got {iterations}")
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return "$".join((PBKDF2_PREFIX, str(iterations), _b64(salt), _b64(digest)))


def is_plain(stored: str) -> bool:
    """True when `stored` is a password kept as plain text rather than a hash."""
    return not stored.startswith((f"{PBKDF2_PREFIX}$", f"{SHA256_PREFIX}$"))


def verify_password(stored: str, given: str) -> bool:
    """Whether `given` matches `stored` (any of the three forms), in constant time.

    Raises AuthConfigError for a malformed hash, naming which part is wrong.
    """
    if stored.startswith(f"{PBKDF2_PREFIX}$"):
        iterations, salt, expected = _pbkdf2_parts(stored)
        actual = hashlib.pbkdf2_hmac("sha256", given.encode(), salt, iterations)
        return hmac.compare_digest(actual, expected)
    if stored.startswith(f"{SHA256_PREFIX}$"):
        hex_digest = stored.split("$", 1)[1].strip().lower()
        if len(hex_digest) != 64 or any(c not in "0123456789abcdef" for c in hex_digest):
            raise AuthConfigError("a sha256$ password must be followed by 64 hex digits")
        actual_hex = hashlib.sha256(given.encode()).hexdigest()
        return hmac.compare_digest(actual_hex.encode(), hex_digest.encode())
    return hmac.compare_digest(given.encode(), stored.encode())


@dataclass(frozen=True)
class Login:
    """The login sections of secrets.toml: [auth] (OIDC), [passwords], [roles]."""

    oidc: bool
    passwords: Mapping[str, str]
    roles: Mapping[str, Role]
    # Named providers ([auth.google], ...); empty when [auth] itself names the one provider.
    oidc_providers: tuple[str, ...] = ()

    @property
    def open_access(self) -> bool:
        """No login configured at all (the local demo): everyone is an editor."""
        return not self.oidc and not self.passwords

    @property
    def plain_users(self) -> tuple[str, ...]:
        """Users whose password is stored as plain text (to warn about, loudly)."""
        return tuple(sorted(user for user, stored in self.passwords.items() if is_plain(stored)))

    def role_of(self, user: str) -> Role | None:
        """The user's role: theirs in [roles], else the "*" entry; a password user with
        neither is a viewer; an OIDC user with neither has none (not let in)."""
        if user in self.roles:
            return self.roles[user]
        if WILDCARD in self.roles:
            return self.roles[WILDCARD]
        return Role.VIEWER if user in self.passwords else None

    def check(self, user: str, password: str) -> Role | None:
        """The role of `user` when `password` is theirs; None otherwise (same time either
        way, so a wrong name and a wrong password look alike)."""
        stored = self.passwords.get(user)
        if stored is None:
            verify_password(_DUMMY_HASH, password)
            return None
        return self.role_of(user) if verify_password(stored, password) else None


def parse_login(secrets_toml: Mapping[str, Any]) -> Login:
    """The login sections of a parsed secrets.toml; AuthConfigError names a bad entry."""
    passwords = _section(secrets_toml, "passwords")
    roles_raw = _section(secrets_toml, "roles")
    for user, stored in passwords.items():
        if not isinstance(stored, str) or not stored:
            raise AuthConfigError(f"[passwords] {user}: give a hash from `livestock "
                                  "hash-password` (or a password) as a string")
        if stored.startswith(f"{PBKDF2_PREFIX}$"):
            _pbkdf2_parts(stored, user=user)
    roles: dict[str, Role] = {}
    for user, role in roles_raw.items():
        try:
            roles[user] = Role(str(role).strip().lower())
        except ValueError:
            raise AuthConfigError(f"[roles] {user} = {role!r}: use \"editor\" or "
                                  "\"viewer\"") from None
    auth = secrets_toml.get("auth")
    if auth is not None and not isinstance(auth, Mapping):
        raise AuthConfigError("[auth] must be a section (Streamlit's st.login settings)")
    providers = tuple(sorted(name for name, value in (auth or {}).items()
                             if isinstance(value, Mapping)))
    return Login(oidc=bool(auth), passwords=dict(passwords), roles=roles,
                 oidc_providers=providers)


def _section(secrets_toml: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = secrets_toml.get(name, {})
    if not isinstance(section, Mapping):
        raise AuthConfigError(f"[{name}] must be a section of name = value lines")
    return section


def _pbkdf2_parts(stored: str, *, user: str | None = None) -> tuple[int, bytes, bytes]:
    where = f"[passwords] {user}: " if user else ""
    parts = stored.split("$")
    if len(parts) != 4 or not parts[1].isdigit() or int(parts[1]) < 1:
        raise AuthConfigError(f"{where}a pbkdf2 hash reads pbkdf2_sha256$<iterations>$<salt>"
                              "$<hash>: make one with `livestock hash-password`")
    try:
        salt, digest = _unb64(parts[2]), _unb64(parts[3])
    except ValueError:
        raise AuthConfigError(f"{where}the salt or hash of a pbkdf2 hash is not "
                              "base64") from None
    return int(parts[1]), salt, digest


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


# Checked against when the user is unknown, so that costs what a real check costs.
_DUMMY_HASH = "$".join((PBKDF2_PREFIX, str(PBKDF2_ITERATIONS), _b64(b"\0" * SALT_BYTES),
                        _b64(b"\0" * 32)))
