"""core.common.auth: password hashes and checks, the login sections of secrets.toml, and roles."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import pytest

from core.common import auth
from core.common.auth import (
    AuthConfigError,
    Role,
    can_edit,
    hash_password,
    is_plain,
    parse_login,
    verify_password,
)
from core.common.errors import LiveStockError

FAST = 1_000  # iterations for tests; real hashes use auth.PBKDF2_ITERATIONS


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def test_a_hashed_password_matches_itself_and_nothing_else() -> None:
    stored = hash_password("黑五 Black Friday 2026", iterations=FAST)

    assert verify_password(stored, "黑五 Black Friday 2026")
    assert not verify_password(stored, "黑五 black friday 2026")
    assert not verify_password(stored, "")


def test_the_same_password_hashes_differently_every_time() -> None:
    first, second = (hash_password("hunter2", iterations=FAST) for _ in range(2))

    assert first != second
    assert first.split("$")[:2] == ["pbkdf2_sha256", str(FAST)]
    assert verify_password(first, "hunter2") and verify_password(second, "hunter2")


def test_a_pbkdf2_hash_checks_against_rfc_7914s_published_vector() -> None:
    # RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1; first 32 bytes.
    expected = bytes.fromhex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    stored = f"pbkdf2_sha256$1${b64(b'salt')}${b64(expected)}"

    assert verify_password(stored, "passwd")
    assert hash_password("passwd", iterations=1, salt=b"salt") == stored


def test_a_new_hash_uses_the_recommended_cost_by_default() -> None:
    assert hash_password("hunter2").split("$")[1] == str(auth.PBKDF2_ITERATIONS) == "600000"


def test_an_empty_password_is_not_hashed() -> None:
    with pytest.raises(LiveStockError, match="empty password"):
        hash_password("")


def test_an_unsalted_sha256_hash_and_a_plain_password_are_accepted_too() -> None:
    sha = "sha256$" + hashlib.sha256(b"hunter2").hexdigest()

    assert verify_password(sha, "hunter2") and not verify_password(sha, "hunter3")
    assert verify_password("hunter2", "hunter2") and not verify_password("hunter2", "hunter")
    assert (is_plain(sha), is_plain("hunter2")) == (False, True)


@pytest.mark.parametrize("stored, message", [
    ("pbkdf2_sha256$600000$c2FsdA", "pbkdf2_sha256\\$<iterations>"),
    ("pbkdf2_sha256$many$c2FsdA$c2FsdA", "pbkdf2_sha256\\$<iterations>"),
    ("pbkdf2_sha256$1$not base64!$c2FsdA", "not base64"),
    ("sha256$abc", "64 hex digits"),
])
def test_a_malformed_hash_is_a_configuration_error_saying_what_is_wrong(
        stored: str, message: str) -> None:
    with pytest.raises(AuthConfigError, match=message):
        verify_password(stored, "anything")


@pytest.mark.parametrize("secrets", [
    {},  # an empty secrets.toml
    {"some_api_key": "x"},
    {"roles": {"ana": "editor", "*": "editor"}},  # [roles] with no [passwords] and no [auth]
    {"passwords": {}, "roles": {"ana": "editor"}},
])
def test_a_secrets_file_that_lets_nobody_sign_in_keeps_the_dashboard_shut(
        secrets: dict[str, Any]) -> None:
    with pytest.raises(AuthConfigError, match="nobody could sign in"):
        parse_login(secrets)


def test_open_access_is_only_for_no_secrets_file_at_all() -> None:
    login = parse_login({"passwords": {"bo": "bo-pw"}})

    assert auth.OPEN_ACCESS.open_access and not login.open_access


def test_passwords_let_their_users_in_with_their_roles() -> None:
    login = parse_login({
        "passwords": {"ana": hash_password("ana-pw", iterations=FAST), "bo": "bo-pw"},
        "roles": {"ana": "Editor"},
    })

    assert not login.open_access
    assert login.check("ana", "ana-pw") is Role.EDITOR
    assert login.check("bo", "bo-pw") is Role.VIEWER  # listed in [passwords], no role: viewer
    assert login.check("ana", "bo-pw") is None
    assert login.plain_users == ("bo",)


def test_a_wildcard_role_never_promotes_a_password_user() -> None:
    login = parse_login({"passwords": {"bo": "bo-pw"}, "roles": {"*": "editor"}})

    assert login.check("bo", "bo-pw") is Role.VIEWER


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The iterations of every PBKDF2 derivation core.common.auth does (each run at 1)."""
    derived: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counting(name: str, password: bytes, salt: bytes, iterations: int) -> bytes:
        derived.append(iterations)
        return real(name, password, salt, 1)

    monkeypatch.setattr(auth.hashlib, "pbkdf2_hmac", counting)
    return derived


def test_every_login_costs_the_same_work_known_user_or_not(derivations: list[int]) -> None:
    ana, cy = hash_password("ana-pw", iterations=FAST), hash_password("cy-pw", iterations=50)
    login = parse_login({"passwords": {
        "ana": ana, "bo": "bo-pw", "cy": cy,
        "di": "sha256$" + hashlib.sha256(b"di-pw").hexdigest()}})
    attempts = [("nobody", "pw"), ("ana", "ana-pw"), ("ana", "wrong"), ("bo", "bo-pw"),
                ("bo", "wrong"), ("cy", "cy-pw"), ("di", "di-pw"), ("di", "wrong")]
    spent = []
    for user, password in attempts:
        derivations.clear()
        login.check(user, password)
        spent.append(sum(derivations))

    assert spent == [FAST] * len(attempts)


def test_with_only_plain_passwords_no_login_derives_anything(derivations: list[int]) -> None:
    login = parse_login({"passwords": {"bo": "bo-pw"}})
    derivations.clear()

    assert (login.check("nobody", "pw"), login.check("bo", "bo-pw")) == (None, Role.VIEWER)
    assert derivations == []


def test_a_signed_in_user_is_recognised_by_their_stored_hash_without_rederiving(
        derivations: list[int]) -> None:
    old = hash_password("bo-pw", iterations=FAST)
    login = parse_login({"passwords": {"bo": old}})
    signed_in_with = login.fingerprint_of("bo")
    assert signed_in_with is not None and old not in signed_in_with
    re_passworded = parse_login({"passwords": {"bo": hash_password("new", iterations=FAST)}})
    removed = parse_login({"passwords": {"ana": old}})
    derivations.clear()

    assert login.still_holds("bo", signed_in_with)
    assert not re_passworded.still_holds("bo", signed_in_with)
    assert not removed.still_holds("bo", signed_in_with)
    assert derivations == []


def test_an_oidc_user_needs_a_role_unless_a_wildcard_gives_one() -> None:
    strict = parse_login({"auth": {"redirect_uri": "https://x/oauth2callback"},
                          "roles": {"ana@shop.cn": "editor"}})
    lenient = parse_login({"auth": {"redirect_uri": "https://x/oauth2callback"},
                           "roles": {"ana@shop.cn": "editor", "*": "viewer"}})

    assert strict.oidc and not strict.open_access
    assert (strict.oidc_role("ana@shop.cn"), strict.oidc_role("stranger@gmail.com")) == (
        Role.EDITOR, None)
    assert lenient.oidc_role("stranger@gmail.com") is Role.VIEWER


def test_named_oidc_providers_are_listed_for_one_button_each() -> None:
    login = parse_login({"auth": {"redirect_uri": "https://x/oauth2callback",
                                  "cookie_secret": "s",
                                  "google": {"client_id": "g"}, "okta": {"client_id": "o"}}})

    assert login.oidc_providers == ("google", "okta")


@pytest.mark.parametrize("secrets, message", [
    ({"roles": {"ana": "admin"}}, r"\[roles\] ana = 'admin'"),
    ({"passwords": {"ana": ""}}, r"\[passwords\] ana"),
    ({"passwords": {"ana": "pbkdf2_sha256$x"}}, r"\[passwords\] ana: a pbkdf2 hash"),
    ({"passwords": "ana:pw"}, r"\[passwords\] must be a section"),
    ({"auth": "google"}, r"\[auth\] must be a section"),
    ({"auth": {}}, r"\[auth\] is empty"),
    ({"passwords": {"ana": "sha256$abc"}}, r"\[passwords\] ana: a sha256\$ password"),
])
def test_a_bad_login_section_names_the_entry(secrets: dict[str, Any], message: str) -> None:
    with pytest.raises(AuthConfigError, match=message):
        parse_login(secrets)


def test_only_editors_edit() -> None:
    assert [can_edit(role) for role in Role] == [True, False]


def test_livestock_hash_password_prints_a_hash_of_what_was_typed_twice() -> None:
    from typer.testing import CliRunner

    from cli import app

    result = CliRunner().invoke(app, ["hash-password"], input="长城 wall\n长城 wall\n")

    assert result.exit_code == 0, result.output
    printed = result.stdout.strip().splitlines()[-1].split(":")[-1].strip()
    assert printed.startswith("pbkdf2_sha256$600000$")
    assert verify_password(printed, "长城 wall")


def test_every_dashboard_fragment_re_checks_the_visitor_before_it_runs() -> None:
    root = Path(__file__).resolve().parents[2]
    unguarded = [str(path.relative_to(root)) for path in (root / "dashboard").rglob("*.py")
                 if path.name != "auth.py" and "st.fragment" in path.read_text()]

    assert unguarded == [], "use auth.guarded_fragment, so a revoked user stops seeing it"
