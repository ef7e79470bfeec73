"""Names generated code must not take, written out so output never depends on the Python
version that runs postc (``dir(builtins)`` and ``typing.__all__`` grow release by release).
"""

from __future__ import annotations

from generator.naming.runtime_names import RUNTIME_NAMES, TEMPLATE_CLASSES

# Capitalised builtins of Python 3.10 to 3.13: a model class called ``Exception`` or ``None``
# would shadow them in every module that imports it. (Class names are always capitalised,
# so lower-case builtins such as ``str`` cannot occur.)
BUILTIN_NAMES = frozenset(
    {
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
        "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError",
        "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
        "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
        "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception", "ExceptionGroup",
        "False", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
        "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError",
        "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
        "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None",
        "NotADirectoryError", "NotImplemented", "NotImplementedError", "OSError",
        "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
        "PythonFinalizationError", "RecursionError", "ReferenceError", "ResourceWarning",
        "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError",
        "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TimeoutError", "True",
        "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
        "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError",
        "Warning", "ZeroDivisionError",
    }
)  # fmt: skip

# Capitalised names of ``typing`` (3.10 to 3.13), ``collections.abc`` and the other modules
# whose classes generated annotations use (``datetime``, ``uuid``, ``decimal``, ``enum``).
TYPING_NAMES = frozenset(
    {
        "AbstractSet", "Annotated", "Any", "AnyStr", "AsyncContextManager", "AsyncGenerator",
        "AsyncIterable", "AsyncIterator", "Awaitable", "BinaryIO", "Buffer", "ByteString",
        "Callable", "ChainMap", "ClassVar", "Collection", "Concatenate", "Container",
        "ContextManager", "Coroutine", "Counter", "DefaultDict", "Deque", "Dict", "Final",
        "ForwardRef", "FrozenSet", "Generator", "Generic", "Hashable", "IO", "ItemsView",
        "Iterable", "Iterator", "KeysView", "List", "Literal", "LiteralString", "Mapping",
        "MappingView", "Match", "MutableMapping", "MutableSequence", "MutableSet", "NamedTuple",
        "Never", "NewType", "NoDefault", "NoReturn", "NotRequired", "Optional", "OrderedDict",
        "ParamSpec", "ParamSpecArgs", "ParamSpecKwargs", "Pattern", "Protocol", "ReadOnly",
        "Required", "Reversible", "Self", "Sequence", "Set", "Sized", "SupportsAbs",
        "SupportsBytes", "SupportsComplex", "SupportsFloat", "SupportsIndex", "SupportsInt",
        "SupportsRound", "TYPE_CHECKING", "Text", "TextIO", "Tuple", "Type", "TypeAlias",
        "TypeAliasType", "TypeGuard", "TypeIs", "TypeVar", "TypeVarTuple", "TypedDict", "Union",
        "Unpack", "ValuesView",
        "UUID", "Decimal", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag",
    }
)  # fmt: skip

# Top-level names a generated package must not take: it would shadow the standard library
# (the public modules of 3.10 to 3.13, lower-cased for case-insensitive file systems), its
# own dependencies (httpx and what httpx imports) or the tooling of its tests.
PACKAGE_NAMES = frozenset(
    {
        "abc", "aifc", "antigravity", "argparse", "array", "ast", "asynchat", "asyncio",
        "asyncore", "atexit", "audioop", "base64", "bdb", "binascii", "bisect",
        "builtins", "bz2", "calendar", "cgi", "cgitb", "chunk", "cmath", "cmd", "code",
        "codecs", "codeop", "collections", "colorsys", "compileall", "concurrent",
        "configparser", "contextlib", "contextvars", "copy", "copyreg", "cprofile",
        "crypt", "csv", "ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal",
        "difflib", "dis", "distutils", "doctest", "email", "encodings", "ensurepip",
        "enum", "errno", "faulthandler", "fcntl", "filecmp", "fileinput", "fnmatch",
        "fractions", "ftplib", "functools", "gc", "genericpath", "getopt", "getpass",
        "gettext", "glob", "graphlib", "grp", "gzip", "hashlib", "heapq", "hmac",
        "html", "http", "idlelib", "imaplib", "imghdr", "imp", "importlib", "inspect",
        "io", "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache",
        "locale", "logging", "lzma", "mailbox", "mailcap", "marshal", "math",
        "mimetypes", "mmap", "modulefinder", "msilib", "msvcrt", "multiprocessing",
        "netrc", "nis", "nntplib", "nt", "ntpath", "nturl2path", "numbers", "opcode",
        "operator", "optparse", "os", "ossaudiodev", "pathlib", "pdb", "pickle",
        "pickletools", "pipes", "pkgutil", "platform", "plistlib", "poplib", "posix",
        "posixpath", "pprint", "profile", "pstats", "pty", "pwd", "py_compile",
        "pyclbr", "pydoc", "pydoc_data", "pyexpat", "queue", "quopri", "random", "re",
        "readline", "reprlib", "resource", "rlcompleter", "runpy", "sched", "secrets",
        "select", "selectors", "shelve", "shlex", "shutil", "signal", "site", "smtpd",
        "smtplib", "sndhdr", "socket", "socketserver", "spwd", "sqlite3", "sre_compile",
        "sre_constants", "sre_parse", "ssl", "stat", "statistics", "string",
        "stringprep", "struct", "subprocess", "sunau", "symtable", "sys", "sysconfig",
        "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile", "termios", "textwrap",
        "this", "threading", "time", "timeit", "tkinter", "token", "tokenize",
        "tomllib", "trace", "traceback", "tracemalloc", "tty", "turtle", "turtledemo",
        "types", "typing", "unicodedata", "unittest", "urllib", "uu", "uuid", "venv",
        "warnings", "wave", "weakref", "webbrowser", "winreg", "winsound", "wsgiref",
        "xdrlib", "xml", "xmlrpc", "zipapp", "zipfile", "zipimport", "zlib", "zoneinfo",
        "httpx", "httpcore", "h11", "h2", "anyio", "sniffio", "certifi", "idna",
        "exceptiongroup", "typing_extensions", "pytest", "pluggy", "conftest", "test", "tests",
        "pip", "setuptools", "wheel", "pkg_resources",
    }
)  # fmt: skip

# --- The generated package's own names, by the scope they live in ---------------------------
#
# One registry: a name made from the collection (a parameter, a setting, a method, a folder,
# a class, a field, a module) never takes a name that the templates or the runtime bind or
# read in the scope it is put in: there it would shadow that name, and the generated code
# would break (a parameter ``models`` hiding the ``models`` package in its method's body)
# with exit 0. Each list holds the names of its scope that the naming function of that
# scope could give (a class name is capitalised, a parameter snake_case).
# tests/test_security_names.py renders projects and checks with ``ast`` that every name
# each generated module imports, defines or reads in a scope, and that a collection name
# could take, is listed for that scope here: a template or runtime change that uses a new
# name fails a test until the name is reserved.

# What the annotations of generated code are made of (generator/annotations.py, the
# methods' options and bodies): a method's return and error types read these names.
ANNOTATION_NAMES = frozenset(
    {
        "Annotated", "Any", "Body", "FileInput", "Headers", "JsonValue", "Literal", "None",
        "NotGiven", "Query", "Tag", "UUID", "bool", "bytes", "date", "datetime", "dict",
        "float", "httpx", "int", "list", "models", "object", "str", "time", "tuple", "type",
    }
)  # fmt: skip

# Module level of the package's modules (``_client.py``, ``resources/*.py``, ``errors.py``,
# ``__init__.py``): the runtime's names, and what they import or define besides the
# classes made from the collection. Resource classes and error classes may not take these
# names.
MODULE_SCOPE = RUNTIME_NAMES | TEMPLATE_CLASSES | frozenset({"NoneType"})

# Module level of ``models/*.py`` and of ``errors.py``, which imports the error models:
# what they import or define besides the model classes; and the package's own classes, so
# that no model reads like one: every class name of the runtime (issue 16: a model
# ``Headers`` or ``ValidationError`` next to the runtime's is a name a reader cannot trust).
# Model classes may not take these names (``class_name`` already keeps them off keywords,
# ``BUILTIN_NAMES`` and ``TYPING_NAMES``).
MODEL_SCOPE = TEMPLATE_CLASSES | frozenset(name for name in RUNTIME_NAMES if name[:1].isupper())

# The body of a resource's (or the client's) class: what it reads (decorators, the
# annotations and defaults of its methods) and the members the runtime's bases and the
# templates give it. Methods, folder attributes and setting properties may not take these.
CLASS_SCOPE = ANNOTATION_NAMES | frozenset(
    {
        "base_url", "cached_property", "close", "endpoint", "property", "request",
        "with_raw_response", "with_streaming_response",
    }
)  # fmt: skip

# The body of a method: its own parameters and options, and what it reads besides its
# return and error types (``generator.emit.plan.method_reads`` adds those). Parameters
# made from the collection may not take these names.
METHOD_SCOPE = frozenset(
    {
        "body", "cast", "content", "extra_body", "extra_headers", "extra_query", "indexed",
        "list", "models", "self", "timeout", "variables",
    }
)  # fmt: skip

# The body of the client's ``__init__``: its own parameters and what it reads. Settings
# (the client's constructor arguments) may not take these names.
CONSTRUCTOR_SCOPE = frozenset(
    {
        "base_url", "given_or_login", "http_client", "max_retries", "self", "setting", "super",
        "timeout", "transport", "strict",
    }
)  # fmt: skip

# Members of every generated model class (the runtime's ``Model``); a field of that name
# would replace them.
MODEL_MEMBERS = frozenset({"from_dict", "to_dict"})

# What ``models/__init__.py`` reads when it runs, after its submodules are imported (a
# submodule is set on the package under its name). Model modules may not take these names.
MODELS_PACKAGE_SCOPE = frozenset({"getattr", "globals", "sorted"})
