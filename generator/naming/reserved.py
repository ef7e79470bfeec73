"""Names generated code must not take, written out so output never depends on the Python
version that runs postc (``dir(builtins)`` and ``typing.__all__`` grow release by release).
"""

from __future__ import annotations

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
