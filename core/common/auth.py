"""Who may use the dashboard, and what they may do: passwords and roles, without Streamlit.

The team's `.streamlit/secrets.toml` names the users. Passwords are stored as
`pbkdf2_sha256$<iterations>$<salt>$<hash>` (what `livestock hash-password` prints),
`sha256$<hex digest>` (unsalted, accepted for teams that already have them), or plain text
(accepted, with a loud warning on every login screen). Every check does the same work,
whoever is named: the dearest configured hash's iterations of PBKDF2 (a dummy derivation pads
a cheaper user's check, and stands in for an unknown user's), then `hmac.compare_digest`; so
the time a check takes tells nobody whether a name exists.

A signed-in browser keeps only a fingerprint of the stored hash it signed in against (keyed
with a secret of this process, never re-deriving the password); every rerun compares it with
the current secrets, so a user removed or re-passworded is signed out on their next rerun.

Roles: an `editor` may change settings and load data; a `viewer` sees every page. A password
user's role is theirs in [roles], else viewer. The "*" entry is for OIDC users only: the role
of anyone else the provider signs in (with a verified e-mail); it never promotes a password user.
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
WILDCARD = "*"  # [roles] "*" = "viewer": the role of any other OIDC user (never a password one)
# Keys the fingerprints of stored hashes kept in a session: they stay in this process's memory
# and are worthless outside it (a plain-text password's fingerprint cannot be looked up).
_FINGERPRINT_KEY = secrets.token_bytes(32)


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
        hex_digest = _sha256_hex(stored)
        actual_hex = hashlib.sha256(given.encode()).hexdigest()
        return hmac.compare_digest(actual_hex.encode(), hex_digest.encode())
    # Digests of equal length, so the comparison does not stop early at a length mismatch.
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(),
                               hashlib.sha256(stored.encode()).digest())


def iterations_of(stored: str) -> int:
    """The PBKDF2 iterations a check against `stored` costs (0 for sha256$ and plain)."""
    return _pbkdf2_parts(stored)[0] if stored.startswith(f"{PBKDF2_PREFIX}$") else 0


def fingerprint(stored: str) -> str:
    """A keyed digest of a stored hash (not of a password): what a session keeps to notice
    that its user's entry changed, at the cost of one HMAC, never a PBKDF2 derivation."""
    return hmac.new(_FINGERPRINT_KEY, stored.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Login:
    """The login sections of secrets.toml: [auth] (OIDC), [passwords], [roles]."""

    oidc: bool
    passwords: Mapping[str, str]
    roles: Mapping[str, Role]
    # Named providers ([auth.google], ...); empty when [auth] itself names the one provider.
    oidc_providers: tuple[str, ...] = ()
    # Only when there is no secrets file at all (the local demo): everyone is an editor.
    open_access: bool = False

    @property
    def plain_users(self) -> tuple[str, ...]:
        """Users whose password is stored as plain text (to warn about, loudly)."""
        return tuple(sorted(user for user, stored in self.passwords.items() if is_plain(stored)))

    @property
    def check_iterations(self) -> int:
        """What every password check costs, in PBKDF2 iterations: the dearest stored hash's."""
        return max((iterations_of(stored) for stored in self.passwords.values()), default=0)

    def password_role(self, user: str) -> Role:
        """A password user's role: theirs in [roles], else viewer (never the "*" entry)."""
        return self.roles.get(user, Role.VIEWER)

    def oidc_role(self, email: str) -> Role | None:
        """An OIDC user's role, by verified e-mail: theirs in [roles], else the "*" entry;
        None (not let in) with neither."""
        if email and email in self.roles:
            return self.roles[email]
        return self.roles.get(WILDCARD)

    def check(self, user: str, password: str) -> Role | None:
        """The role of `user` when `password` is theirs; None otherwise. The same work
        either way (see the module's docstring), so a wrong name and a wrong password look
        alike."""
        stored = self.passwords.get(user)
        matched = stored is not None and verify_password(stored, password)
        spent = iterations_of(stored) if stored is not None else 0
        _pad(password, self.check_iterations - spent)
        return self.password_role(user) if matched else None

    def fingerprint_of(self, user: str) -> str | None:
        """The fingerprint of `user`'s stored hash; None when they are not in [passwords]."""
        stored = self.passwords.get(user)
        return None if stored is None else fingerprint(stored)

    def still_holds(self, user: str, signed_in_with: str) -> bool:
        """Whether `user` is still in [passwords] with the very hash they signed in against
        (`signed_in_with` is its fingerprint then): one HMAC, no password derivation."""
        now = self.fingerprint_of(user)
        return now is not None and hmac.compare_digest(now, signed_in_with)


OPEN_ACCESS = Login(oidc=False, passwords={}, roles={}, open_access=True)


def parse_login(secrets_toml: Mapping[str, Any]) -> Login:
    """The login sections of a parsed secrets.toml; AuthConfigError names a bad entry.

    A secrets file is there to shut the dashboard: one that lets nobody sign in (empty, or
    [roles] without [passwords] or [auth]) is an error, never open access."""
    passwords = _section(secrets_toml, "passwords")
    roles_raw = _section(secrets_toml, "roles")
    for user, stored in passwords.items():
        if not isinstance(stored, str) or not stored:
            raise AuthConfigError(f"[passwords] {user}: give a hash from `livestock "
                                  "hash-password` (or a password) as a string")
        if stored.startswith(f"{PBKDF2_PREFIX}$"):
            _pbkdf2_parts(stored, user=user)
        elif stored.startswith(f"{SHA256_PREFIX}$"):
            _sha256_hex(stored, user=user)
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
    if auth is not None and not auth:
        raise AuthConfigError("[auth] is empty: give Streamlit's st.login settings "
                              "(redirect_uri, cookie_secret, client_id, ...) or remove it")
    providers = tuple(sorted(name for name, value in (auth or {}).items()
                             if isinstance(value, Mapping)))
    if auth is None and not passwords:
        raise AuthConfigError("no [passwords] entry and no [auth] section: nobody could sign "
                              "in (delete secrets.toml for an open dashboard, as in the demo)")
    return Login(oidc=auth is not None, passwords=dict(passwords), roles=roles,
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


def _sha256_hex(stored: str, *, user: str | None = None) -> str:
    hex_digest = stored.split("$", 1)[1].strip().lower()
    if len(hex_digest) != 64 or any(c not in "0123456789abcdef" for c in hex_digest):
        where = f"[passwords] {user}: " if user else ""
        raise AuthConfigError(f"{where}a sha256$ password must be followed by 64 hex digits")
    return hex_digest


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _pad(password: str, iterations: int) -> None:
    """Derive and discard, so that a cheap or missing user's check costs a dear one's."""
    if iterations > 0:
        hashlib.pbkdf2_hmac("sha256", password.encode(), b"\0" * SALT_BYTES, iterations)
