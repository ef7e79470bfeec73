"""Identifiers from JSON keys and names (inference.md §7.10, docs/naming.md)."""

from __future__ import annotations

import builtins
import collections.abc
import decimal
import keyword
import sys
import typing
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.naming.identifiers import (
    class_name,
    field_name,
    join_class_names,
    method_name,
    module_name,
    package_name,
    singular,
    unique_in_scope,
    unique_names,
)
from generator.naming.reserved import BUILTIN_NAMES, PACKAGE_NAMES, TYPING_NAMES


def is_valid(name: str) -> bool:
    """What every generated name must be: an identifier Python will not renormalise."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and unicodedata.normalize("NFKC", name) == name
    )


# --- field_name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("createdAt", "created_at"),
        ("HTTPCode", "http_code"),
        ("api-name", "api_name"),
        ("api_name", "api_name"),
        ("$ref", "ref"),
        ("@type", "type"),
        ("Full Name", "full_name"),
        ("user.email", "user_email"),
        ("userID", "user_id"),
        ("IDs", "ids"),
        ("URLsList", "urls_list"),
        ("v2Api", "v2_api"),
        ("OAuth2Token", "oauth2_token"),  # a compound word stays one (not o_auth2)
        ("PayPal-Request-Id", "paypal_request_id"),
        ("iOSVersion", "ios_version"),
        ("GraphQLQuery", "graphql_query"),
        ("payPalFooBar", "paypal_foo_bar"),  # only the listed compounds
        ("2fa", "n_2fa"),
        ("2FA", "n_2fa"),
        ("404", "n_404"),
        ("", "empty"),
        ("!!!", "field"),
        ("-", "field"),
        ("_links", "links"),
        ("__typename", "typename"),
    ],
)
def test_field_names(key: str, name: str) -> None:
    assert field_name(key) == name


@pytest.mark.parametrize("word", [kw for kw in keyword.kwlist if kw.islower()])
def test_keywords_get_a_trailing_underscore(word: str) -> None:
    assert field_name(word) == word + "_"
    assert field_name(word.upper()) == word + "_"


def test_capitalised_keywords_are_lower_cased_so_no_longer_keywords() -> None:
    assert [field_name(word) for word in ("None", "True", "False")] == ["none", "true", "false"]


@pytest.mark.parametrize("word", ["match", "case", "type"])
def test_soft_keywords_are_legal_attribute_names_and_stay(word: str) -> None:
    assert field_name(word) == word
    source = f"class C:\n    {word}: int = 1\n\ndef f({word}: int) -> int:\n    return {word}\n"
    source += f"C.{word} = f({word}=2)\n"
    exec(compile(source, "<generated>", "exec"), {})


def test_the_soft_keyword_underscore_cannot_occur() -> None:
    assert field_name("_") == "field"
    assert field_name("__") == "field"


@pytest.mark.parametrize(
    ("key", "name"),
    [("from_dict", "from_dict_"), ("to_dict", "to_dict_"), ("toDict", "to_dict_")],
)
def test_names_of_the_models_own_members_get_a_trailing_underscore(key: str, name: str) -> None:
    assert field_name(key) == name


@pytest.mark.parametrize(("key", "name"), [("_extra", "extra"), ("__init__", "init")])
def test_no_name_is_private_or_dunder(key: str, name: str) -> None:
    assert field_name(key) == name


@pytest.mark.parametrize("key", ["id", "format", "filter", "list", "str", "object"])
def test_builtins_are_fine_as_attributes(key: str) -> None:
    assert field_name(key) == key


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("café", "cafe"),
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),
        ("naïve_Øre", "naive_ore"),
        ("q\u0303x", "qx"),  # an accent NFKC cannot compose, on an ASCII letter
        ("ﬁle", "file"),  # compatibility ligature
        ("x²", "x2"),
        ("\uff21\uff22\uff23", "abc"),  # full-width letters
        ("имя", "имя"),
        ("ПолноеИмя", "полное_имя"),
        ("नमस्ते", "नमस्ते"),
        ("用户名", "用户名"),
    ],
)
def test_unicode_keys(key: str, name: str) -> None:
    assert field_name(key) == name
    assert is_valid(name)


@given(st.text())
def test_any_key_gives_a_valid_public_name(key: str) -> None:
    name = field_name(key)
    assert is_valid(name)
    assert not name.startswith("_")
    assert name not in ("from_dict", "to_dict")


# --- unique_names ----------------------------------------------------------------------


def test_colliding_keys_are_numbered_in_key_order() -> None:
    assert unique_names(["The_quick", "the_quick", "THE QUICK"]) == [
        "the_quick",
        "the_quick_2",
        "the_quick_3",
    ]


def test_keys_equal_after_nfkc_collide() -> None:
    assert unique_names(["ﬁle", "file"]) == ["file", "file_2"]
    assert unique_names(["\uff29\uff24", "id"]) == ["id", "id_2"]


def test_a_number_never_takes_another_keys_own_name() -> None:
    assert unique_names(["A", "a", "a_2"]) == ["a", "a_3", "a_2"]


def test_keyword_collisions_are_numbered_without_the_keyword_underscore() -> None:
    assert unique_names(["class", "Class"]) == ["class_", "class_2"]


def test_distinct_keys_keep_their_own_names() -> None:
    assert unique_names(["id", "createdAt", ""]) == ["id", "created_at", "empty"]


@given(st.lists(st.text(max_size=6), max_size=10, unique=True))
def test_unique_names_are_distinct_and_valid(keys: list[str]) -> None:
    names = unique_names(keys)
    assert len(names) == len(keys)
    assert len(set(names)) == len(names)
    for key, name in zip(keys, names, strict=True):
        assert is_valid(name)
        own = field_name(key)
        assert name == own or name.startswith(own.rstrip("_") + "_")


# --- class_name ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "name"),
    [
        (("job details",), "JobDetails"),
        (("Job Details",), "JobDetails"),
        (("field_mappings",), "FieldMappings"),
        (("OAuth2 token",), "OAuth2Token"),
        (("HTTP server error",), "HTTPServerError"),
        (("AUTHENTICATION_FAILURE",), "AuthenticationFailure"),
        (("createdAt",), "CreatedAt"),
        (("Job Details", "OK"), "JobDetailsOk"),
        (("Create user", "Request"), "CreateUserRequest"),
        (("café crème",), "CafeCreme"),
        (("имя пользователя",), "ИмяПользователя"),
        (("2fa settings",), "N2faSettings"),
        (("",), "Model"),
        (("$%&",), "Model"),
        ((), "Model"),
    ],
)
def test_class_names(words: tuple[str, ...], name: str) -> None:
    assert class_name(*words) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("list", "ListModel"),
        ("dict", "DictModel"),
        ("any", "AnyModel"),
        ("optional", "OptionalModel"),
        ("literal", "LiteralModel"),
        ("type", "TypeModel"),
        ("none", "NoneModel"),
        ("true", "TrueModel"),
        ("exception", "ExceptionModel"),
        ("mapping", "MappingModel"),
        ("decimal", "DecimalModel"),
    ],
)
def test_class_names_never_shadow_builtins_or_typing(text: str, name: str) -> None:
    assert class_name(text) == name


def names_a_model_class_would_shadow() -> list[str]:
    """Read from Python itself, not from postc's lists: the keywords, builtins, ``typing``
    and ``collections.abc`` names and ``Decimal``, which generated annotations import; kept:
    those ``class_name`` leaves as they are (capitalised, one word of PascalCase: not
    ``TYPE_CHECKING``, ``IO`` nor ``UUID``, which it writes ``TypeChecking``, ``Io``, ``Uuid``)."""
    names = {*keyword.kwlist, *dir(builtins), *typing.__all__, *collections.abc.__all__}
    names.add(decimal.Decimal.__name__)
    return sorted(n for n in names if n[0].isupper() and not n.isupper() and "_" not in n)


SHADOWING = names_a_model_class_would_shadow()


@pytest.mark.parametrize("name", SHADOWING)
def test_every_reserved_name_gets_the_model_suffix(name: str) -> None:
    assert class_name(name) == name + "Model"


def test_the_reserved_names_are_many() -> None:
    """Every case above is one that gets the suffix; there are as many as Python has."""
    assert len(SHADOWING) >= 140
    assert {"Exception", "None", "True", "List", "Optional", "Mapping", "Decimal"} <= set(SHADOWING)


def test_the_reserved_builtins_cover_this_python() -> None:
    assert {name for name in dir(builtins) if name[0].isupper()} <= BUILTIN_NAMES


@given(st.lists(st.text(), max_size=3))
def test_any_text_gives_a_valid_class_name(words: list[str]) -> None:
    name = class_name(*words)
    assert is_valid(name)
    assert name not in dir(builtins)
    assert name not in TYPING_NAMES


def test_joined_class_names_say_a_shared_seam_once() -> None:
    assert join_class_names("Push", "Event") == "PushEvent"
    assert join_class_names("PushEvent", "Event") == "PushEvent"
    assert join_class_names("Invoice", "LineItem") == "InvoiceLineItem"
    assert join_class_names("List") == "ListModel"


# --- singular --------------------------------------------------------------------------

SINGULARS = [
    ("field_mappings", "field_mapping"),
    ("fieldMappings", "fieldMapping"),
    ("FieldMappings", "FieldMapping"),
    ("categories", "category"),
    ("CATEGORIES", "CATEGORY"),
    ("addresses", "address"),
    ("statuses", "status"),
    ("status", "status"),
    ("data", "data_item"),
    ("Data", "DataItem"),
    ("userData", "userDataItem"),
    ("DATA", "DATA_ITEM"),
    ("metadata", "metadata_item"),
    ("news", "news"),
    ("series", "series"),
    ("species", "species"),
    ("resource", "resource"),
    ("resources", "resource"),
    ("analyses", "analysis"),
    ("analysis", "analysis"),
    ("people", "person"),
    ("children", "child"),
    ("matrices", "matrix"),
    ("indices", "index"),
    ("indexes", "index"),
    ("criteria", "criterion"),
    ("boxes", "box"),
    ("matches", "match"),
    ("dishes", "dish"),
    ("quizzes", "quiz"),
    ("caches", "cache"),
    ("buses", "bus"),
    ("houses", "house"),
    ("bonuses", "bonus"),
    ("aliases", "alias"),
    ("alias", "alias"),
    ("movies", "movie"),
    ("ties", "tie"),
    ("replies", "reply"),
    ("halves", "half"),
    ("archives", "archive"),
    ("heroes", "hero"),
    ("files", "file"),
    ("ids", "id"),
    ("URLs", "URL"),
    ("userIDs", "userID"),
    ("APIs", "API"),
    ("settings", "setting"),
    ("process", "process"),
    ("business", "business"),
    ("campus", "campus"),
    ("sms", "sms"),
    ("dns", "dns"),
    ("https", "https"),
    ("analytics", "analytics"),
    ("kudos", "kudos"),
    ("item", "item"),
    ("person", "person"),
    ("js", "js"),
    ("имена", "имена"),
    ("items2", "items2"),
    ("", ""),
]


@pytest.mark.parametrize(("word", "result"), SINGULARS)
def test_singular(word: str, result: str) -> None:
    assert singular(word) == result


@pytest.mark.parametrize("result", sorted({result for _, result in SINGULARS}))
def test_singulars_are_their_own_singular(result: str) -> None:
    assert singular(result) == result


@given(st.from_regex(r"[A-Za-z_]{0,14}", fullmatch=True) | st.text(max_size=8))
def test_singular_is_idempotent(word: str) -> None:
    assert singular(singular(word)) == singular(word)


# --- method, module and package names --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "method", "module"),
    [
        ("Job Details", "job_details", "job_details"),
        ("JobDetails", "job_details", "job_details"),
        ("Get /users/{id}", "get_users_id", "get_users_id"),
        ("Delete", "delete", "delete"),
        ("import", "import_", "import_"),
        ("match", "match", "match"),
        ("2-step login", "n_2_step_login", "n_2_step_login"),
        ("", "call", "module"),
        ("/", "call", "module"),
    ],
)
def test_method_and_module_names(text: str, method: str, module: str) -> None:
    assert method_name(text) == method
    assert module_name(text) == module


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zoho CRM Bulk Write", "zoho_crm_bulk_write"),
        ("Microsoft Graph", "microsoft_graph"),
        ("Café API", "cafe_api"),
        ("2GIS", "api_2gis"),
        ("JSON", "json_api"),
        ("Email", "email_api"),
        ("httpx", "httpx_api"),
        ("Test", "test_api"),
        ("tests", "tests_api"),
        ("pytest", "pytest_api"),
        ("class", "class_api"),
        ("Работа", "api_client"),
        ("", "api_client"),
    ],
)
def test_package_names(text: str, name: str) -> None:
    assert package_name(text) == name


@given(st.text())
def test_package_names_are_safe(text: str) -> None:
    name = package_name(text)
    assert name.isidentifier() and name.isascii() and name == name.lower()
    assert not keyword.iskeyword(name)
    assert name not in PACKAGE_NAMES
    assert name not in sys.stdlib_module_names


# --- unique_in_scope -------------------------------------------------------------------


def test_same_named_requests_are_told_apart_by_their_context() -> None:
    names = unique_in_scope(
        [
            ("get_user", ["GET", "users", "{id}"]),
            ("get_user", ["GET", "users", "{id}", "posts"]),
            ("get_user", ["POST", "users"]),
            ("get_user", ["GET", "admins", "{id}"]),
            ("get_user", ["DELETE", "users", "{id}"]),
        ]
    )
    assert names == [
        "get_user_id",
        "get_user_id_posts",
        "get_user_post",
        "get_user_admins",
        "get_user_delete",
    ]


def test_a_unique_name_is_never_qualified() -> None:
    assert unique_in_scope([("list", ["GET", "users"]), ("create", ["POST", "users"])]) == [
        "list",
        "create",
    ]


def test_numbers_only_when_context_runs_out() -> None:
    names = unique_in_scope([("ping", ["GET"]), ("ping", ["GET"]), ("ping", [])])
    assert names == ["ping_get", "ping_get_2", "ping"]


def test_reserved_names_are_avoided() -> None:
    assert unique_in_scope([("close", ["POST", "sessions"])], reserved=["close"]) == ["close_post"]
    assert unique_in_scope([("close", [])], reserved=["close"]) == ["close_2"]


def test_qualified_keywords_stay_valid() -> None:
    assert unique_in_scope([("import_", ["POST"]), ("import_", ["GET"])]) == [
        "import_post",
        "import_get",
    ]


def test_ascii_module_names() -> None:
    from generator.naming.identifiers import ascii_module

    assert ascii_module("bulk_write") == "bulk_write"
    assert ascii_module("пользователи") == "xn_80adkfinescg3b5h"
    names = ["café", "cafe", "caf_é", "用户", "ユーザー"]
    files = [ascii_module(name) for name in names]
    assert all(f.isascii() and f.isidentifier() for f in files)
    assert len(set(files)) == len(files)  # one-to-one
