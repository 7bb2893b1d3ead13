"""What kind of text a file is, so assignments are read the way that format writes literals.

In code (`password = get_pw()`), an unquoted right-hand side is an expression, never a literal;
in config, env files, shell and docs (`PASSWORD=hunter2`, `password: hunter2`), it is the value.
"""

from __future__ import annotations

import enum


class Format(enum.Enum):
    CODE = "code"  # string literals are quoted; bare words are identifiers
    CONFIG = "config"  # YAML, .env, INI, properties, TOML, XML, JSON: bare values are literals
    SHELL = "shell"  # sh, Dockerfile, CI scripts, PowerShell: bare words are literals
    DOCS = "docs"  # Markdown, reST, text, HTML: anything goes, snippets of every format
    UNKNOWN = "unknown"


_CODE = frozenset(
    [
        "py",
        "pyi",
        "pyw",
        "js",
        "mjs",
        "cjs",
        "jsx",
        "ts",
        "tsx",
        "mts",
        "cts",
        "go",
        "java",
        "kt",
        "kts",
        "scala",
        "groovy",
        "gradle",
        "rb",
        "php",
        "cs",
        "fs",
        "vb",
        "swift",
        "m",
        "mm",
        "c",
        "h",
        "cc",
        "cpp",
        "cxx",
        "hpp",
        "hh",
        "rs",
        "dart",
        "lua",
        "pl",
        "pm",
        "r",
        "jl",
        "ex",
        "exs",
        "erl",
        "hs",
        "clj",
        "cljs",
        "elm",
        "vue",
        "svelte",
        "coffee",
        "sol",
        "zig",
        "nim",
        "cr",
        "ml",
    ]
)
_CONFIG = frozenset(
    [
        "env",
        "yaml",
        "yml",
        "json",
        "jsonc",
        "json5",
        "toml",
        "ini",
        "cfg",
        "conf",
        "config",
        "cnf",
        "properties",
        "props",
        "xml",
        "plist",
        "tf",
        "tfvars",
        "hcl",
        "npmrc",
        "pypirc",
        "netrc",
        "pgpass",
        "gitconfig",
        "s3cfg",
        "htpasswd",
        "pem",
        "key",
        "tpl",
        "j2",
        "jinja",
        "jinja2",
        "erb",
        "twig",
        "xaml",
        "csproj",
        "vbproj",
        "sln",
        "config.xml",
        "settings",
        "rsp",
    ]
)
_SHELL = frozenset(["sh", "bash", "zsh", "ksh", "fish", "ps1", "psm1", "bat", "cmd", "mk", "make", "sql"])
_DOCS = frozenset(
    ["md", "markdown", "rst", "txt", "adoc", "asciidoc", "html", "htm", "tex", "org", "log", "cast", "ipynb"]
)
_SHELL_NAMES = frozenset({"dockerfile", "containerfile", "makefile", "procfile", "jenkinsfile", "vagrantfile"})
_CONFIG_NAMES = frozenset({".env", ".npmrc", ".pypirc", ".netrc", ".pgpass", ".htpasswd", ".s3cfg", ".dockercfg"})


def classify(path: str) -> Format:
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name in _CONFIG_NAMES or name.startswith(".env"):
        return Format.CONFIG
    if name in _SHELL_NAMES or name.startswith(("dockerfile", "containerfile")):
        return Format.SHELL
    suffix = name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in _CODE:
        return Format.CODE
    if suffix in _CONFIG or name.endswith((".env.example", ".env.sample")):
        return Format.CONFIG
    if suffix in _SHELL:
        return Format.SHELL
    if suffix in _DOCS:
        return Format.DOCS
    return Format.UNKNOWN
