"""Credentials without a provider format: passwords and keys assigned in code and config, URLs with passwords.

These detectors find the *shape* of an assignment in any common syntax; `assignments.judge` then
reads it the way the file's format writes literals and decides whether the value is a credential.
"""

from __future__ import annotations

from ....model import Severity
from ..detector import Detector, token
from ._build import ALNUM, B64, HEX, fake

PASSWORD_WORDS = ("password", "passwd", "passphrase", "pwd", "pass", "pword", "passw", "pw", "psk")
SECRET_WORDS = ("secret", "token", "apikey", "api_key", "api-key", "key", "auth", "credential", "salt")

_PW_WHY = (
    "A password written into source or config is readable by everyone with the repository, its forks, build "
    "logs and published packages — and it usually still works."
)
_PW_FIX = (
    "Change the password now, then read it at run time from the environment or a secret manager (Vault, cloud "
    "secret stores, CI secrets) instead of the file."
)


def _name(words: tuple[str, ...], lead: str = r"A-Za-z0-9_$@.\-") -> str:
    alternation = "|".join(words)
    # Identifier characters around the keyword (`lead`: those before it); bounded so a long run stays linear.
    return rf"(?P<name>[{lead}]{{0,40}}?(?:{alternation})[A-Za-z0-9_.\-]{{0,30}})"


# Operators that bind a name to a value across languages: = := => : ?= += ( (call), with optional quotes.
# Quotes as HTML entities (`&#34;`, `&quot;`, `&#39;`): docs rendered from code or config keep their literals.
_ENTITY_QUOTE = r"&(?:quot|apos|#34|#39|#x22|#x27);"
_SEP = (
    rf"(?P<sep>(?:[\"'\])*]|{_ENTITY_QUOTE}){{0,2}}[ \t]{{0,16}}"
    # A type annotation between name and value (`password: string = "…"` in TS, Kotlin, Swift, Scala; `&str` and
    # `&'static str` in Rust; `dbPassword string = "…"` in Go) is part of the binding, not the value.
    r"(?::[ \t]{0,3}(?:&(?:'static[ \t]{1,2})?)?[A-Za-z_][\w.]{0,30}(?:<[\w ,.]{0,40}>)?\??[ \t]{0,3}=(?![=>])"
    r"|(?<=[ \t])(?:string|\[\]byte)[ \t]{1,3}=(?!=)"
    # `<-` assigns in R, F#, OCaml (`conn.Password <- "…"`) and sends on a Go channel.
    r"|:=|=>|\?\?=|\|\|=|\?=|!?={2,3}|=(?!=)|:(?![:/\\])|<-(?![-<])"
    r"|\((?=[ \t]{0,2}(?:[\w.()\[\]]{1,40}\()?[rbuf@$]?[\"'`]))[ \t]{0,3})"
)
# A quoted literal (with Python/C# prefixes) or a bare word; the judge decides which the format allows.
_VALUE = (
    # A decode/bytes wrapper around the literal still hard-codes it: setKey(Base64.decode("…")).
    r"(?:(?:(?:base64|Base64|Buffer|binascii|bytes|bytearray|Hex|hex|Convert|codecs)\.[\w.()]{1,30}?\(|\[\]byte\(|bytes\()?"
    rf"[rbuRBUf@$]{{0,2}}(?P<q>[\"'`]|{_ENTITY_QUOTE})(?P<quoted>[^\"'`\r\n]{{1,300}}?)(?P=q)"
    r"|(?P<bare>[^\s\"'`,;<>(){}\[\]]{1,300}))"
)


def _assignment(
    slug: str, title: str, words: tuple[str, ...], positive: str, negative: str, **extra: object
) -> Detector:
    # A name starts after a non-name character, or after an escaped line break inside a string literal
    # (`'USER=jdoe\\nPASS=…'`: config text embedded in code, read line by line by the engine).
    pattern = rf"(?:(?<![A-Za-z0-9_$@.\-])|(?<=\\[nrt])){_name(words)}{_SEP}{_VALUE}"
    return token(
        slug,
        title,
        "generic",
        words,
        pattern.replace("(?P<quoted>", "(?P<secret>", 1).replace("(?P<bare>", "(?P<bare_secret>", 1),
        positive=positive,
        negative=negative,
        case_insensitive=True,
        kind="generic",
        anchor="name",
        tags=("assignment",),
        **extra,
    )


def _uri(slug: str, title: str, provider: str, schemes: str, keywords: tuple[str, ...], example: str) -> Detector:
    return token(
        slug,
        title,
        provider,
        keywords,
        rf"(?<![A-Za-z0-9+.\-])(?P<scheme>{schemes})://(?P<user>[^\s:@/\"'`<>{{}}]{{0,64}}):"
        r"(?P<secret>[^\s@/\"'`<>]{1,128})@(?=[A-Za-z0-9\[_\-.%{$])",
        positive=f'URL = "{example.replace("PW", fake(14, ALNUM, slug))}"',
        negative=f'URL = "{example.replace("PW", "${DB_PASSWORD}")}"',
        case_insensitive=True,
        kind="uri",
        anchor="name" if keywords == ("://",) else "keyword",
        severity=Severity.HIGH,
        confidence=0.85,
        why="A connection URL with its password gives direct access to the data store it names, bypassing the "
        "application and its access checks.",
        remediation="Change the password on the server, and build the URL at run time from an environment "
        "variable or secret store (most drivers also read the password separately).",
    )


def _password_rule(
    slug: str,
    title: str,
    provider: str,
    keywords: tuple[str, ...],
    pattern: str,
    positive: str,
    negative: str,
    **extra: object,
) -> Detector:
    """A generic (judged) password or secret rule: high severity, the password advice."""
    extra.setdefault("kind", "generic")
    extra.setdefault("severity", Severity.HIGH)
    extra.setdefault("why", _PW_WHY)
    extra.setdefault("remediation", _PW_FIX)
    return token(slug, title, provider, keywords, pattern, positive, negative, **extra)


_PW = fake(12, ALNUM + "!#%", "generic-password")
_KEY = fake(32, ALNUM, "generic-secret")

DETECTORS = [
    _assignment(
        "generic-password",
        "Hard-coded password",
        PASSWORD_WORDS,
        positive=f'db_password = "{_PW}"',
        negative='db_password = os.environ["DB_PASSWORD"]',
        severity=Severity.HIGH,
        confidence=0.7,
        why=_PW_WHY,
        remediation=_PW_FIX,
    ),
    _assignment(
        "generic-secret",
        "Hard-coded secret, token or API key",
        SECRET_WORDS,
        positive=f'api_key = "{_KEY}"',
        negative='api_key = "api_key_placeholder"',
        severity=Severity.HIGH,
        confidence=0.65,
        why="A secret, token or API key in the source is shared with everyone who can read the repository and "
        "everything built from it; keys found this way are abused within minutes of a public push.",
        remediation=_PW_FIX.replace("password", "secret"),
    ),
    _password_rule(
        "generic-xml-password",
        "Password or secret in an XML element",
        "generic",
        PASSWORD_WORDS + ("secret", "token", "apikey", "key"),
        # Anchored at the element name (after `<` or a namespace prefix's `:`): one match per keyword, no line search.
        r"(?<=[<:])(?P<name>[A-Za-z0-9_.\-]{0,30}(?:pass|pwd|secret|token|apikey|key)[A-Za-z0-9_:.\-]{0,20})(?:[ \t][^>]{0,200})?>"
        r"[ \t]{0,4}(?P<secret>[^<>\s]{3,200})[ \t]{0,4}</",
        positive=f"<password>{_PW}</password>",
        negative="<password>${db.password}</password>",
        case_insensitive=True,
        confidence=0.7,
        example_path="conf/settings.xml",
        anchor="name",
    ),
    _password_rule(
        "generic-xml-keyvalue",
        "Password or secret in an XML key/value setting",
        "generic",
        PASSWORD_WORDS + ("secret", "token", "apikey"),
        # Anchored at the setting's name, just inside the quotes of key="…" or name="…".
        r"(?:(?<=key=\")|(?<=name=\")|(?<=key = \")|(?<=name = \"))(?P<name>[A-Za-z0-9_.\-]{0,30}(?:pass|pwd|secret|token|apikey)[A-Za-z0-9_:.\-]{0,20})\""
        r"[ \t]{1,4}value[ \t]{0,2}=[ \t]{0,2}\"(?P<secret>[^\"\s]{3,200})\"",
        positive=f'<add key="SmtpPassword" value="{_PW}" />',
        negative='<add key="SmtpPassword" value="$(SmtpPassword)" />',
        case_insensitive=True,
        confidence=0.75,
        example_path="web.config",
        anchor="name",
    ),
    token(
        "generic-set-password",
        "Password set in an interactive console",
        "generic",
        ("pass", "pwd", "secret", "token"),
        # `set SMBPass …` (Metasploit), `\\set DB_PASS …` (psql), `set token …`: `set NAME VALUE` to the end of
        # the line. Anchored at the name, just after `set `, so it costs nothing on other lines.
        r"(?:(?<=^set )|(?<=[^\w]set ))(?P<name>[A-Za-z0-9_.\-]{0,30}(?:pass|pwd|secret|token)[A-Za-z0-9_.\-]{0,20})[ \t]{1,8}"
        r"(?P<secret>[^\s\"'`;|&<>=]{4,128})[ \t]{0,8}$",
        positive=f"msf6 > set SMBPass {_PW}",
        negative="msf6 > set SMBPass $PASSWORD",
        case_insensitive=True,
        kind="generic",
        anchor="name",
        severity=Severity.HIGH,
        confidence=0.7,
        example_path="docs/pentest.md",
        why=_PW_WHY,
        remediation=_PW_FIX + " Consoles keep history files too: clear the line from them.",
    ),
    token(
        "generic-cli-password",
        "Password passed on a command line",
        "generic",
        # `-CertFilePassword X`, `--requirepass X`, `-storepass X`: the word may end a longer option name
        # (the bare keywords "pass"/"token" would cost 10% of the throughput).
        # API keys by their option names (`--api-key`, `--authkey`), and `--set-key PROVIDER KEY` (recon tools that
        # store one key per provider): not `-key` alone, which names key files and sort keys.
        (
            "-pass",
            "-pwd",
            "-secret",
            "-token",
            "password ",
            "password=",
            "requirepass",
            "storepass",
            "keypass",
            "-apikey",
            "-api-key",
            "-authkey",
            "-auth-key",
            "-set-key",
        ),
        r"(?<![\w\-])--?(?P<name>[A-Za-z\-]{0,24}(?:password|passwd|pass|pwd|secret|token|passphrase|api-?key|auth-?key"
        r"|set-key))(?:(?<=set-key)[ \t]{1,3}[\w.\-]{1,30})?"
        # `(?!-)`: `--token --cut-at-cursor` passes the next option, not a value.
        r"(?:=|[ \t]{1,3})(?!-)(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{3,120}?)(?P=q)|(?P<bare_secret>[^\s\"'`;|&<>()]{3,120}))",
        positive=f"mysqladmin --user admin --password {_PW} status",
        negative="mysqladmin --user admin --password $MYSQL_PASSWORD status",
        case_insensitive=True,
        kind="generic",
        tags=("command",),
        severity=Severity.HIGH,
        confidence=0.7,
        example_path="docs/ops.md",
        why=_PW_WHY,
        remediation=_PW_FIX + " Passwords on command lines also leak through shell history and process lists.",
    ),
    token(
        "generic-byte-array-key",
        "Key material hard-coded as a byte array",
        "generic",
        ("key", "secret", "token", "auth", "pass", "pwd", "salt", "credential", "seed"),
        # `authKey := []byte{…}`, `byte[] key = new byte[] {(byte)0x…}`, `key = bytes([…])`,
        # `const secret = new Uint8Array([…])`: a credential name bound to a literal list of byte values.
        r"(?<![A-Za-z0-9_$@.\-])(?P<name>[A-Za-z0-9_$@.\-]{0,40}?(?:key|secret|token|auth|pass|pwd|salt|credential|seed)"
        r"[A-Za-z0-9_.\-]{0,30})[\[\] \t\"']{0,6}(?::=|=(?![=>])|:)[ \t]{0,3}(?:new[ \t]{1,3})?"
        r"[\w.\[\]<>]{0,30}[ \t]{0,2}[({\[][ \t]{0,2}[(\[{]?[ \t]{0,2}"
        r"(?P<secret>(?:(?:\((?:byte|char|uint8_t|u8|sbyte)\)[ \t]{0,1})?(?:0[xX][0-9a-fA-F]{1,2}|\d{1,3})[ \t]{0,2},"
        r"[ \t]{0,2}){8,64}(?:(?:\((?:byte|char|uint8_t|u8|sbyte)\)[ \t]{0,1})?(?:0[xX][0-9a-fA-F]{1,2}|\d{1,3}))?)",
        positive="authKey := []byte{"
        + ", ".join(str(b) for b in fake(16, ALNUM, "byte-array").encode())
        + ", 201, 17, 250,",
        negative="authKey := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}",
        validator="byte-array",
        case_insensitive=True,
        placeholder_check=False,
        kind="context",
        severity=Severity.HIGH,
        confidence=0.6,
        anchor="name",
        tags=("named",),
        example_path="crypto/keys.go",
        why="Key bytes written into the source are shared with everyone who can read the repository; written as "
        "numbers they still decrypt, sign or authenticate exactly like the encoded key.",
        remediation="Generate a new key, revoke or re-encrypt what the old one protected, and load key material "
        "at run time from a key store, secret manager or the environment.",
    ),
    token(
        "generic-env-default-password",
        "Hard-coded default for a secret read from the environment",
        "generic",
        ("getenv", "environ.get", "env.get", "env.fetch", "environ.setdefault"),
        r"(?i:getenv|environ\.get|environ\.setdefault|env\.get|env\.fetch)\([ \t]{0,2}[\"'](?P<name>[\w.\-]{0,40})[\"']"
        r"[ \t]{0,2},[ \t]{0,2}(?P<q>[\"'])(?P<secret>[^\"'\r\n]{1,200}?)(?P=q)",
        positive=f"password = os.environ.get('ADMIN_PASSWORD', '{_PW}')",
        negative="password = os.environ.get('ADMIN_PASSWORD', '')",
        kind="generic",
        severity=Severity.HIGH,
        confidence=0.7,
        why=_PW_WHY + " A default value is used whenever the variable is missing, so it is live in every "
        "environment that forgot to set it.",
        remediation=_PW_FIX + " Fail at start-up when the variable is missing instead of falling back.",
    ),
    _password_rule(
        "generic-windows-cli-password",
        "Password passed as a /flag:value command-line argument",
        "generic",
        ("/pass", "/pwd", "/credpassword", "/p:"),
        r"(?<![\w/])/(?P<name>[A-Za-z]{0,24}(?:password|passwd|pass|pwd|p))[:=](?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{3,120}?)(?P=q)"
        r"|(?P<bare_secret>[^\s\"'`;|&<>()]{3,120}))",
        positive=f"Rubeus.exe kerberoast /creduser:CORP\\svc /credpassword:{_PW} /outfile:out.txt",
        negative="Rubeus.exe kerberoast /creduser:CORP\\svc /credpassword:%SVC_PASSWORD% /outfile:out.txt",
        tags=("command",),
        confidence=0.7,
        example_path="docs/ops.md",
    ),
    _password_rule(
        "generic-curl-user-password",
        "user:password passed to curl, wget or an HTTP client",
        "generic",
        ("-u ", "--user ", "--user=", "--http-password", "--basic"),
        r"(?:(?<![\w\-])-u|--user)(?:=|[ \t]{1,3})[\"']?(?P<user>[A-Za-z0-9_.@\-]{1,64}):(?P<secret>[^\s\"'@;|&]{3,128})",
        positive=f"curl -u deploy:{_PW} https://api.example.org/upload",
        negative="curl -u deploy:$API_PASSWORD https://api.example.org/upload",
        confidence=0.75,
        example_path="scripts/upload.sh",
    ),
    _password_rule(
        "sql-password",
        "Password in a SQL statement",
        "SQL",
        ("password",),
        # `CREATE LOGIN … WITH PASSWORD = N'…'` (T-SQL's Unicode literal), PostgreSQL's `WITH PASSWORD '…'`,
        # MySQL's `SET PASSWORD FOR … = '…'`. Quoted only: "with password information" is prose.
        r"(?i:with[ \t]{1,3}(?:encrypted[ \t]{1,3})?password[ \t]{0,3}=?"
        r"|set[ \t]{1,3}password[ \t]{1,3}(?:for[ \t]{1,3}[\w@'\"%.\-]{1,64}[ \t]{0,3})?="
        # PostgreSQL role options come in any order: `CREATE ROLE app WITH LOGIN PASSWORD '…'`.
        r"|(?:create|alter)[ \t]{1,3}(?:role|user)[ \t][^\n;'\"]{1,120}?[ \t](?:encrypted[ \t]{1,3})?password)"
        # Dynamic SQL doubles the quotes once per level of nesting: `EXEC('… WITH PASSWORD = ''…'' ')`.
        r"[ \t]{0,3}N?(?P<q>['\"])(?P<nested>(?P=q){0,7})(?P<secret>[^'\"\r\n]{3,128}?)(?P=nested)(?P=q)",
        positive=f"ALTER ROLE app WITH PASSWORD '{_PW}';",
        negative="ALTER ROLE app WITH PASSWORD :'app_password';",
        confidence=0.75,
        example_path="db/init.sql",
    ),
    _password_rule(
        "sql-identified-by",
        "Password in a SQL IDENTIFIED BY clause",
        "SQL",
        ("identified",),
        # The account must be named before IDENTIFIED BY (`CREATE USER 'app'@'%'`, `GRANT … TO scott`,
        # `CREATE ROLE r`), which prose ("a library identified by 'name'") never does. Oracle takes the
        # password bare; MySQL may name the plugin first (`IDENTIFIED WITH caching_sha2_password BY`).
        r"(?i:(?:user|to|role)[ \t]{1,3}(?:if[ \t]{1,3}not[ \t]{1,3}exists[ \t]{1,3})?[\w@'\"%.\-`]{1,64}[ \t]{1,3}"
        r"identified[ \t]{1,3}(?:with[ \t]{1,3}\w{1,40}[ \t]{1,3})?by)[ \t]{0,3}"
        r"(?:N?(?P<q>['\"])(?P<nested>(?P=q){0,7})(?P<secret>[^'\"\r\n]{3,128}?)(?P=nested)(?P=q)"
        r"|(?P<bare_secret>[^\s;'\"`<]{3,128}))",
        positive=f"CREATE USER app IDENTIFIED BY '{_PW}';",
        negative="CREATE USER app IDENTIFIED BY '${APP_PASSWORD}';",
        confidence=0.75,
        example_path="db/init.sql",
    ),
    token(
        "netrc-password",
        "Password in a netrc file",
        "netrc",
        ("machine",),
        # `machine HOST login USER password PW`, on one line or spread over several (curl, git, ftp, pip read it).
        # `login` is required: "machine account password (key)" in prose is not an entry.
        r"(?<![\w.\-])machine[ \t]{1,8}[\w.\-:\[\]]{1,128}\s{1,16}(?:(?:account|port)[ \t]{1,8}[^\s]{1,128}\s{1,16})?"
        r"login[ \t]{1,8}[^\s]{1,128}\s{1,16}(?:(?:account|port)[ \t]{1,8}[^\s]{1,128}\s{1,16}){0,2}password[ \t]{1,8}"
        r"(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{3,128}?)(?P=q)|(?P<bare_secret>[^\s\"'`;|&<>()]{3,128}))",
        positive=f"machine api.example.org login deploy password {_PW}",
        negative="machine api.example.org login deploy password $API_TOKEN",
        kind="generic",
        anchor="keyword",
        multiline=True,  # the entry may span lines; its region still starts at `machine`
        reach=1024,
        severity=Severity.HIGH,
        confidence=0.75,
        example_path=".netrc",
        why=_PW_WHY + " Every tool that reads netrc (curl, git, pip, ftp) logs in with it without asking.",
        remediation=_PW_FIX,
    ),
    _password_rule(
        "generic-dockerfile-env-legacy",
        "Hard-coded secret in a Dockerfile ENV (legacy `ENV NAME value` form)",
        "generic",
        ("ENV",),
        # `ENV KEY value` sets one variable to the rest of the line (Docker's older form, still accepted); the
        # `ENV KEY=value` form is an ordinary assignment. Every image layer and `docker history` keeps it.
        r"^[ \t]{0,8}ENV[ \t]{1,8}(?i:"
        + _name(PASSWORD_WORDS + SECRET_WORDS, lead=r"A-Za-z0-9_.\-")
        + r")(?P<sep>[ \t]{1,8})"
        r"(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{1,200}?)(?P=q)|(?P<bare_secret>[^\s\"'`]{1,200}))[ \t]{0,16}\r?$",
        positive=f"ENV API_TOKEN {_KEY}",
        negative="ENV API_TOKEN_FILE /run/secrets/api_token",
        example_path="Dockerfile",
        confidence=0.7,
        tags=("assignment",),
    ),
    token(
        "generic-cli-short-password",
        "Password given to a command-line client (mysql -p…, sshpass -p, docker login -p, redis-cli -a, ldapsearch -w, "
        "htpasswd -b, zip -P, ssh-keygen -N, remote-administration tools)",
        "generic",
        (
            "mysql",
            "mariadb",
            "sshpass",
            "docker",
            "podman",
            "redis-cli",
            "mongo",
            "ldap",
            "smbclient",
            "rpcclient",
            "smbmap",
            "lftp",
            "rabbitmqctl",
            "sqlcmd",
            "bcp",
            "osql",
            "isql",
            "psexec",
            "paexec",
            "az login",
            "oc login",
            "cf login",
            "net user",
            "htpasswd",
            "evil-winrm",
            "crackmapexe",  # not "…exec": a keyword that could overlap itself costs every blob it is in a pass
            "netexec",
            "nxc ",
            "cme ",
            "hydra",
            "medusa",
            "enum4linux",
            "xfreerdp",
            "wlfreerdp",
            "sdl-freerdp",
            "ssh-keygen",
            "nmcli",
            "7z ",
            "7za ",
            "7zr ",
            "zip ",
            "unzip ",
            "zipcloak",
        ),
        # mysql takes the password glued to `-p` (`-p PW` would prompt and read PW as the database name), and so
        # does 7-Zip (`-p` alone prompts); sshpass and docker/podman login take it as the next argument. `-P`
        # (port) is another option. Tools sharing a flag share a branch: each branch costs shape-filter time.
        r"(?<![\w\-])(?:(?i:mysql[a-z]{0,6}|mariadb[a-z\-]{0,8}|7z[ar]?)(?:\.exe)?[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-p"
        r"|(?i:sshpass)[ \t]{1,3}-p[ \t]{0,3}|(?i:docker|podman)[ \t]{1,3}login[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-p[ \t]{1,3}"
        r"|(?i:redis-cli)[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-a[ \t]{1,3}"
        # `-p PW`: mongo/mongosh, PsExec, and remote-administration and audit tools (`evil-winrm -u U -p PW`,
        # `crackmapexec smb H -u U -p PW` and netexec/nxc, `smbmap`, `hydra -l U -p PW` — `-P` is a word list).
        r"|(?i:mongo|mongosh|psexec(?:64)?|paexec|evil-winrm|crackmapexec|netexec|nxc|cme|smbmap|hydra|medusa"
        r"|enum4linux(?:-ng)?)(?:\.py|\.exe)?[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-p[ \t]{1,3}"
        # OpenLDAP clients `-w PW`, Samba `-U user%PW`, lftp `-u user,PW`, rabbitmqctl.
        r"|(?i:ldap(?:search|add|modify|delete|passwd|whoami|compare|modrdn))[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-w[ \t]{1,3}"
        r"|(?i:smbclient|rpcclient|smbmap)[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-U[ \t]{1,3}[\"']?[^%\s\"']{1,64}%"
        r"|(?i:lftp)[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-u[ \t]{1,3}[\"']?[^,\s\"']{1,64},"
        r"|(?i:rabbitmqctl)[ \t]{1,3}(?:add_user|change_password)[ \t]{1,3}[^\s]{1,64}[ \t]{1,3}"
        # SQL Server tools and zip/unzip take `-P PW` (upper case); the az/oc/cf logins `-p PW`; `net user NAME PW`.
        r"|(?i:sqlcmd|bcp|osql|isql|zip|unzip|zipcloak)[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-P[ \t]{0,3}"
        r"|(?i:az|oc|cf)[ \t]{1,3}login[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-p[ \t]{1,3}"
        r"|(?i:net)[ \t]{1,3}(?i:user)[ \t]{1,3}[\w.\-$]{1,64}[ \t]{1,3}(?=[^\s/*]{3,128}[ \t]{1,3}/(?i:add|y)\b)"
        # `htpasswd -b[c] FILE USER PW`, `htpasswd -nb USER PW` (batch mode: the password is the last argument;
        # `-B` is bcrypt, `-C 12` its cost). Without `-b` htpasswd prompts, and the last word is the user.
        r"|(?i:htpasswd)(?:\.exe)?[ \t]{1,3}(?=(?:-[A-Za-z]{1,6}[ \t]{1,3}(?:\d{1,2}[ \t]{1,3})?){0,3}-[A-Za-z]{0,5}b)"
        r"(?:-[A-Za-z]{1,6}[ \t]{1,3}(?:\d{1,2}[ \t]{1,3})?){1,4}(?:[^\s\-\"'][^\s]{0,200}[ \t]{1,3})?[^\s\-][^\s]{0,63}[ \t]{1,3}"
        r"(?=(?:\"[^\"\r\n]{3,128}\"|'[^'\r\n]{3,128}'|[^\s\"'`;|&<>()]{3,128})[ \t]{0,3}(?:$|[;|&>#\r]))"
        # FreeRDP `/p:PW`.
        r"|(?i:xfreerdp|wlfreerdp|sdl-freerdp)3?(?:\.exe)?[ \t](?:[^\n|;&<>]{0,200}?[ \t])?/p:"
        # `ssh-keygen -N PW` (the new passphrase; `-N ''` is none), `-P PW` (the old); nmcli's `password PW`.
        r"|(?i:ssh-keygen)[ \t](?:[^\n|;&<>]{0,200}?[ \t])?-[NP][ \t]{1,3}"
        r"|(?i:nmcli)[ \t](?:[^\n|;&<>]{0,200}?[ \t])?(?:password|(?:wifi-sec|802-11-wireless-security)\.psk)[ \t]{1,3}"
        r")"
        r"(?!-)(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{3,128}?)(?P=q)|(?P<bare_secret>[^\s\"'`;|&<>()]{3,128}))",
        positive=f"mysqldump -u root -p{_PW} app > app.sql",
        negative='mysqldump -u root -p"$MYSQL_ROOT_PASSWORD" app > app.sql',
        kind="generic",
        tags=("command",),
        anchor="keyword",
        severity=Severity.HIGH,
        confidence=0.75,
        example_path="scripts/backup.sh",
        why=_PW_WHY,
        remediation=_PW_FIX + " Passwords on command lines also leak through shell history and process lists.",
    ),
    _password_rule(
        "oracle-connect-password",
        "Oracle user/password given to a command-line client",
        "Oracle",
        ("sqlplu", "expdp", "impdp", "sqlldr", "rman", "dgmgrl"),  # "sqlplu": "sqlplus" could overlap itself
        # SQL*Plus and the Data Pump, loader and recovery tools log in with `user/password[@db]` (also `userid=`,
        # `target=`): `sqlplus system/…@ORCL`, `expdp app/…@db schemas=app`. `/ as sysdba` and `/nolog` name no
        # user. The password ends at the `@` of the connect identifier.
        r"(?<![\w\-])(?i:sqlplus|expdp|impdp|sqlldr|rman|dgmgrl)(?:64)?(?:\.exe)?[ \t]{1,3}(?:-[A-Za-z]{1,8}[ \t]{1,3}){0,3}"
        r"(?:(?i:userid|target|catalog|auxiliary)=)?[\"']?(?P<user>[A-Za-z][\w$#.]{0,29})/"
        r"(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{3,128}?)(?P=q)|(?P<bare_secret>[^\s\"'`;|&<>()@/]{3,128}))(?=[@\s\"']|$)",
        positive=f"sqlplus -s system/{_PW}@ORCL @migrate.sql",
        negative="sqlplus -s system/$ORACLE_PASSWORD@ORCL @migrate.sql",
        # Not in prose docs: how-tos log in with the vendor's documented default (`sys/Oradoc_db1`); scripts
        # and config run with real ones.
        tags=("command", "not-in-docs"),
        anchor="keyword",
        confidence=0.75,
        example_path="scripts/migrate.sh",
        remediation=_PW_FIX + " Passwords on command lines also leak through shell history and process lists; "
        "SQL*Plus reads them from `/nolog` + `CONNECT` or an Oracle wallet instead.",
    ),
    _password_rule(
        "pgpass-password",
        "Password in a PostgreSQL password file (.pgpass)",
        "PostgreSQL",
        (),
        # `hostname:port:database:username:password`, one entry a line; `*` matches anything, `\:` escapes a colon.
        r"^[ \t]{0,8}(?:[^:#\s\\]|\\.){1,253}:(?:\d{1,5}|\*):(?:[^:\s\\]|\\.){1,63}:(?:[^:\s\\]|\\.){1,63}:"
        r"(?P<secret>[^\s]{1,128})[ \t]{0,8}$",
        positive=f"db.internal:5432:app:app:{_PW}\n*:*:*:postgres:{_PW}\n",
        negative="# hostname:port:database:username:password\ndb.internal:5432:app:app:\n",
        # Starts with the literal so the search per scanned path is a fast scan (an alternation first costs 10x).
        path_pattern=r"pgpass(?:(?<=[/\\]\.pgpass)|(?<=^\.pgpass)|(?:(?<=[/\\]pgpass)|(?<=^pgpass))\.conf)$",
        reach=16384,  # the whole file: every line is an entry
        confidence=0.8,
        example_path="home/app/.pgpass",
        remediation=_PW_FIX + " libpq also reads the password from a service file or `PGPASSWORD` set at run time.",
    ),
    _password_rule(
        "pgpass-entry-written",
        "PostgreSQL password file entry written by a script",
        "PostgreSQL",
        ("pgpass",),
        # `echo "db:5432:app:app:…" > ~/.pgpass` (Dockerfiles, CI, provisioning): the entry on its way to the file.
        r"(?<![\w.:/\-])(?:[\w.\-\[\]]{1,253}|\*):(?:\d{1,5}|\*):[^:\s\"'\\]{1,63}:[^:\s\"'\\]{1,63}:"
        r"(?P<secret>[^\s\"'\\]{1,128})(?:\\n)?[\"']?[ \t]{0,3}(?:>{1,2}|\|[ \t]{0,3}(?:sudo[ \t]{1,3})?tee(?:[ \t]{1,3}-a)?)"
        r"[ \t]{0,3}[^\s|;&]{0,80}pgpass",
        positive=f'RUN echo "db.internal:5432:app:app:{_PW}" > /root/.pgpass && chmod 600 /root/.pgpass',
        negative='RUN echo "db.internal:5432:app:app:$DB_PASSWORD" > /root/.pgpass && chmod 600 /root/.pgpass',
        tags=("command",),
        confidence=0.75,
        example_path="Dockerfile",
        remediation=_PW_FIX + " libpq also reads the password from a service file or `PGPASSWORD` set at run time.",
    ),
    _password_rule(
        "network-device-password",
        "Password or key in a network device configuration",
        "network devices",
        # Local users by their type digit (`username` alone is in every other login form and costs a hit each).
        (
            "enable secret",
            "enable password",
            "password 0 ",
            "password 7 ",
            "secret 0 ",
            "secret 7 ",
            "tacacs-server",
            "radius-serve",
            "isakmp key",
            "wpa-psk",
            "pre-shared-key",
            "key-string",
        ),
        # Cisco IOS/IOS-XE/NX-OS/ASA and Arista EOS configs and their templates: `enable secret …`, `username admin
        # privilege 15 secret 0 …` (as `show running-config` prints it), `tacacs-server key 7 …` (type 7 is a
        # reversible encoding, not a hash), `crypto isakmp key … address …`, `wpa-psk ascii 0 …`, key chains'
        # `key-string …`. Hash types (5, 8, 9) are left alone: only an optional type 0 or 7 may stand before the value.
        r"^[ \t]{0,4}(?:enable[ \t]{1,3}(?:secret|password)(?:[ \t]{1,3}level[ \t]{1,3}\d{1,2})?"
        r"|username[ \t]{1,3}[^\s]{1,64}(?:[ \t]{1,3}privilege[ \t]{1,3}\d{1,2})?[ \t]{1,3}(?:password|secret)"
        r"|(?:tacacs|radius)-server[ \t]{1,3}(?:host[ \t]{1,3}[^\s]{1,64}[ \t]{1,3}(?:[^\n]{0,80}?[ \t])?)?key"
        r"|crypto[ \t]{1,3}isakmp[ \t]{1,3}key|wpa-psk[ \t]{1,3}ascii|pre-shared-key(?:[ \t]{1,3}(?:local|remote))?|key-string)"
        r"(?:[ \t]{1,3}[07])?[ \t]{1,3}(?P<secret>[^\s]{4,128})(?=[ \t]{1,3}address[ \t]|[ \t]{0,8}\r?$)",
        positive=f"hostname edge-01\nenable secret {_PW}\nusername admin privilege 15 secret 0 {_PW}\n",
        negative="hostname edge-01\nenable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM\n",
        anchor="line",
        confidence=0.75,
        example_path="configs/edge-01.cfg",
        remediation=_PW_FIX + " On the device, store secrets as type 8/9 hashes and keep rendered configs out of "
        "the repository (render them from templates with the secrets injected at deploy time).",
    ),
    _password_rule(
        "generic-keyed-call",
        "Password or secret passed as a (name, value) pair",
        "generic",
        PASSWORD_WORDS + SECRET_WORDS,
        # `define('DB_PASSWORD', '…')` (PHP, wp-config), `setenv("API_TOKEN", "…")`, `props.put("mail.password", "…")`,
        # `headers.set('X-Api-Key', '…')`: a call whose first argument names the credential and second is the literal.
        r"(?:(?<=\(')|(?<=\(\")|(?<=\( ')|(?<=\( \"))(?P<name>[A-Za-z0-9_.\-]{0,40}?"
        r"(?:pass|pwd|secret|token|apikey|api_key|api-key|key|auth|credential|salt)[A-Za-z0-9_.\-]{0,30})[\"'][ \t]{0,3},"
        r"[ \t]{0,16}(?P<q>[\"'])(?P<secret>[^\"'\r\n]{1,300}?)(?P=q)",
        positive=f"define( 'DB_PASSWORD', '{_PW}' );",
        negative="define( 'DB_PASSWORD', 'password_here' );",
        case_insensitive=True,
        anchor="name",
        confidence=0.7,
        example_path="wp-config.php",
    ),
    _password_rule(
        "generic-name-value-pair",
        "Password or secret in a name/value pair",
        "generic",
        PASSWORD_WORDS + SECRET_WORDS,
        # `- name: DB_PASSWORD` / `value: …` (Kubernetes and compose env lists), `{"name": "API_KEY", "value": "…"}`
        # (ECS task definitions), `{"key": "token", "value": "…"}` (Postman environments): the credential's name is
        # the value of `name`/`key`, and its literal sits in the `value` field next to it (same or next line).
        r"(?:(?<=name: )|(?<=name: \")|(?<=name: ')|(?<=name\": \")|(?<=name\":\")|(?<=key: )|(?<=key: \")|(?<=key: ')"
        r"|(?<=key\": \")|(?<=key\":\"))(?P<name>[A-Za-z0-9_.\-]{0,40}?"
        r"(?:pass|pwd|secret|token|apikey|api_key|api-key|key|auth|credential|salt)[A-Za-z0-9_.\-]{0,30})[\"']?[ \t]{0,4},?"
        r"[ \t]{0,4}(?:\r?\n[ \t]{0,40})?[\"']?value[\"']?[ \t]{0,4}[:=][ \t]{0,4}"
        r"(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{1,300}?)(?P=q)|(?P<bare_secret>[^\s\"'`,;<>(){}\[\]]{1,300}))",
        positive=f"env:\n  - name: DB_PASSWORD\n    value: {_PW}",
        negative="env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db",
        case_insensitive=True,
        anchor="name",
        multiline=True,  # the value is usually on the next line
        reach=512,
        confidence=0.7,
        example_path="k8s/deployment.yaml",
        tags=("assignment",),
    ),
    _password_rule(
        "yaml-block-password",
        "Password or secret in a YAML block scalar",
        "generic",
        PASSWORD_WORDS + SECRET_WORDS,
        # `password: |` / `api_token: >-` with the value on the next, indented line: a block scalar is always a
        # literal string (in any file that embeds YAML). One value line only: a key or certificate spans several,
        # and their own rules read them. The back-reference to the indentation ends the block at the next line.
        r"(?<![A-Za-z0-9_$@.\-])(?P<name>[A-Za-z0-9_.\-]{0,40}?"
        r"(?:pass|pwd|psk|secret|token|key|auth|credential|salt)[A-Za-z0-9_.\-]{0,30})"
        r"[\"']?: [|>][+\-]?[1-9]?[+\-]?[ \t]{0,4}(?:#[^\r\n]{0,60})?\r?\n(?:[ \t]{0,40}\r?\n){0,2}"
        r"(?P<indent>[ \t]{1,40})(?P<secret>[^\s#][^\s]{0,199})[ \t]{0,8}(?=\r?\n(?!(?P=indent))|\Z)",
        positive=f"database:\n  password: |\n    {_PW}\n  user: app",
        negative="database:\n  password: >-\n    ${DB_PASSWORD}\n  user: app",
        case_insensitive=True,
        anchor="name",
        multiline=True,  # the value is on the line after the name
        reach=512,
        confidence=0.7,
        example_path="config/app.yml",
    ),
    _password_rule(
        "ipsec-secrets-psk",
        "Pre-shared key or password in an IPsec secrets file",
        "IPsec",
        (": psk", ": eap", ": xauth"),
        # ipsec.secrets (strongSwan, Libreswan, Openswan): `[ids] : PSK "…"`, `: XAUTH "…"`, `: EAP "…"`. The value
        # is quoted, or hex/base64 introduced by `0x`/`0s` (`%prompt` asks at start-up). swanctl.conf's
        # `secret = …` is a plain assignment (the generic rules read it).
        r": (?i:psk|eap|xauth)[ \t]{1,8}(?:(?P<q>[\"'])(?!%prompt)(?P<secret>[^\"'\r\n]{3,200}?)(?P=q)"
        r"|(?P<bare_secret>0[xXsS][A-Za-z0-9+/=]{4,200}))(?=[ \t]{0,8}(?:#|\r?$))",
        positive=f'moon.example.org sun.example.org : PSK "{_PW}"',
        negative='moon.example.org sun.example.org : PSK "%prompt"',
        anchor="keyword",
        confidence=0.8,
        example_path="etc/ipsec.secrets",
        remediation=_PW_FIX + " Anyone with the pre-shared key can join or impersonate a peer of the VPN: "
        "change it on every peer.",
    ),
    _password_rule(
        "html-password-input",
        "Password pre-filled in an HTML password field",
        "HTML",
        ('type="password"', "type='password'", "type=password"),
        # `<input type="password" name="pw" value="…">` (attributes in any order): a login form, template or saved
        # page that ships the password with it. Found on the field's line; the type may come after the value.
        r"(?i:<input(?=[^<>\r\n]{0,400}?[ \t]type[ \t]{0,2}=[ \t]{0,2}[\"']?password[\"' \t/>])[^<>\r\n]{0,400}?"
        r"[ \t]value[ \t]{0,2}=[ \t]{0,2})(?P<q>[\"'])(?P<secret>[^\"'<>\r\n]{1,200}?)(?P=q)",
        positive=f'<input type="password" name="pw" id="pw" value="{_PW}">',
        negative='<input type="password" name="password" value="{{ form.password.value }}">',
        confidence=0.7,
        example_path="templates/login.html",
    ),
    _password_rule(
        "generic-login-call",
        "Password passed to a login or credential constructor",
        "generic",
        (
            "login",
            "credential",
            "passwordauthentication",
            "basicauth",
            "basic_auth",
            "digestauth",
            "auth=(",
            "auth = (",
            "getconnection",
            "connect(",
            "mysqli",
            "pdo(",
        ),
        # `smtp.login("me@example.org", "…")`, `new NetworkCredential("svc", "…")`, `HTTPBasicAuth('u', '…')`,
        # `auth=('u', '…')`: the password is the argument after the user; `getConnection(url, "sa", "…")`,
        # `mysqli_connect('db', 'root', '…')`, `new PDO($dsn, 'app', '…')`: the one after host/URL and user.
        r"(?:(?:(?<!\w)(?i:login)|(?:Network|UsernamePassword|Password|Basic|Plain)Credentials?|PasswordAuthentication"
        r"|HTTP(?:Basic|Digest)Auth|(?<!\w)(?i:basic_?auth)|(?<![\w.])auth[ \t]{0,2}=[ \t]{0,2})\([ \t]{0,3}"
        r"|(?:(?<!\w)getConnection|(?<!\w)mysqli?_connect|(?<!\w)mysqli|(?<!\w)PDO|(?i:pymysql|mysqldb|connector)\.connect)"
        r"\([ \t]{0,3}[^,()\r\n]{1,200},[ \t]{0,3})"
        # Anonymous FTP logs in with an e-mail address as the "password".
        r"(?!(?P<anon>[\"'])(?i:anonymous|ftp)(?P=anon))(?:(?P<uq>[\"'])[^\"'\r\n,]{1,64}(?P=uq)|[\w.$\[\]>\-]{1,64}),[ \t]{0,3}"
        r"(?P<q>[\"'])(?P<secret>[^\"'\r\n]{3,128}?)(?P=q)",
        positive=f'client = smtplib.SMTP("mail.example.org"); client.login("alerts@example.org", "{_PW}")',
        negative="client.login(settings.SMTP_USER, settings.SMTP_PASSWORD)",
        confidence=0.7,
    ),
    token(
        "generic-env-fallback",
        "Hard-coded fallback for a secret read from the environment",
        "generic",
        ("process.env", "env[", "getenv", "environ.get", "env.get", "$_env", "$_server"),
        # `process.env.JWT_SECRET || '…'`, `process.env['X'] ?? "…"`, `os.getenv('X') or '…'`, `ENV['X'] || '…'`,
        # `getenv('X') ?: '…'`: the literal is what runs wherever the variable is unset.
        r"(?:process\.env\.|(?:process\.env|ENV|\$_ENV|\$_SERVER)\[[ \t]{0,2}[\"']"
        r"|(?i:getenv|environ\.get|env\.get)\([ \t]{0,2}[\"'])(?P<name>[\w.\-]{1,60})[\"']?[ \t]{0,2}[\])]?[ \t]{0,3}"
        r"(?:\|\||\?\?|\?:|(?<=[ \t])or(?=[ \t]))[ \t]{0,3}(?P<q>[\"'`])(?P<secret>[^\"'`\r\n]{1,200}?)(?P=q)",
        positive=f"const jwtSecret = process.env.JWT_SECRET || '{_KEY}';",
        negative="const jwtSecret = process.env.JWT_SECRET || '';",
        kind="generic",
        severity=Severity.HIGH,
        confidence=0.7,
        example_path="src/auth.js",
        why=_PW_WHY + " A fallback is used whenever the variable is missing, so it is live in every environment "
        "that forgot to set it.",
        remediation=_PW_FIX + " Fail at start-up when the variable is missing instead of falling back.",
    ),
    _password_rule(
        "generic-c-define",
        "Password or secret in a C/C++ #define",
        "generic",
        PASSWORD_WORDS + ("secret", "token", "apikey", "api_key", "credential"),
        # `#define WIFI_PASSWORD "…"` (Arduino/ESP sketches, firmware, native code): a macro with a string literal.
        r"(?:(?<=define )|(?<=define\t))(?P<name>[A-Za-z0-9_]{0,40}?"
        # Not `key`/`auth` alone: headers name algorithms and OIDs with them (`SN_pbe_WithSHA1And3_Key_TripleDES`);
        # no backslashes in the value: `"\x6b\x65\x79…"` spells protocol labels byte by byte.
        r"(?:pass|pwd|psk|secret|token|apikey|api_key|credential)[A-Za-z0-9_]{0,30})[ \t]{1,16}"
        r"(?P<q>\")(?P<secret>[^\"\\\r\n]{1,200}?)(?P=q)",
        positive=f'#define WIFI_PASSWORD "{_PW}"',
        negative='#define WIFI_PASSWORD "YOUR_WIFI_PASSWORD"',
        case_insensitive=True,
        anchor="name",
        confidence=0.7,
        example_path="firmware/config.h",
    ),
    _password_rule(
        "generic-xml-named-value",
        "Password or secret in a named XML property",
        "generic",
        PASSWORD_WORDS + ("secret", "token", "apikey", "key"),
        # `<property name="hibernate.connection.password">…</property>`, `<setting name="DbPassword" …><value>…</value>`:
        # the name is an attribute, the value the element's text.
        r"(?:(?<=name=\")|(?<=key=\"))(?P<name>[A-Za-z0-9_.\-]{0,40}?(?:pass|pwd|secret|token|apikey|key)"
        r"[A-Za-z0-9_:.\-]{0,20})\"[^<>]{0,120}>(?:\s{0,16}<value>)?[ \t]{0,4}(?P<secret>[^<>\s]{3,200})[ \t]{0,4}</",
        positive=f'<property name="hibernate.connection.password">{_PW}</property>',
        negative='<property name="hibernate.connection.password">${DB_PASSWORD}</property>',
        case_insensitive=True,
        anchor="name",
        confidence=0.7,
        example_path="src/main/resources/hibernate.cfg.xml",
        multiline=True,  # .NET settings put `<value>` on the next line
        reach=640,
    ),
    _password_rule(
        "generic-declared-default",
        "Hard-coded default of a password or secret parameter",
        "generic",
        PASSWORD_WORDS + SECRET_WORDS,
        # Terraform `variable "db_password" { … default = "…" }` and CloudFormation `DBPassword:` … `Default: …`:
        # the parameter is named as a credential and its default is what deploys when no one overrides it.
        r"(?:(?<=variable \")|(?<=[ \t]))(?P<name>[A-Za-z0-9_.\-]{0,40}?"
        r"(?:pass|pwd|secret|token|apikey|api_key|key|auth|credential)[A-Za-z0-9_.\-]{0,30})"
        r"(?:\"[ \t]{0,4}\{[^{}]{0,400}?(?<!\w)default[ \t]{0,4}=[ \t]{0,4}"
        r"|:[ \t]{0,4}\r?\n(?:[ \t]{2,16}[A-Za-z]{2,24}:[^\n]{0,200}\n){0,6}[ \t]{2,16}Default:[ \t]{0,4})"
        r"(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{1,200}?)(?P=q)|(?P<bare_secret>[^\s\"'`,;<>(){}\[\]]{1,200}))",
        positive=f'variable "db_password" {{\n  type    = string\n  default = "{_PW}"\n}}',
        negative='variable "db_password" {\n  type      = string\n  sensitive = true\n}',
        case_insensitive=True,
        anchor="name",
        multiline=True,  # the default sits a few lines below the name
        reach=2048,
        confidence=0.7,
        example_path="infra/variables.tf",
    ),
    token(
        "http-token-auth",
        "Token in an Authorization header (Token scheme)",
        "HTTP",
        ("authorization",),
        # `Authorization: Token …` (GitHub, Django REST framework, many APIs); Bearer has its own rule.
        r"(?i:authorization)[\"']?[ \t]{0,3}[:=,][ \t]{0,3}[\"']?(?i:token)[ \t]{1,3}"
        r"(?P<secret>[A-Za-z0-9_\-.~+/]{20,300}={0,2})(?![A-Za-z0-9_\-.~+/=])",
        positive=f'curl -H "Authorization: Token {_KEY}" https://api.example.org/v1/items',
        negative='curl -H "Authorization: Token $API_TOKEN" https://api.example.org/v1/items',
        min_entropy=3.5,
        severity=Severity.HIGH,
        confidence=0.75,
        why="A token in an Authorization header is accepted from whoever presents it.",
        remediation="Revoke the token with its issuer and load tokens at run time instead of writing them down.",
    ),
    _password_rule(
        "generic-piped-password",
        "Password piped into a login command",
        "generic",
        ("password-stdin", "with-token", "chpasswd"),
        # `echo "…" | docker login -u ci --password-stdin`, `echo … | gh auth login --with-token`,
        # `echo 'user:…' | chpasswd`: the literal goes to the command's standard input.
        r"(?<![\w\-])echo[ \t]{1,3}(?:-[neE]{1,2}[ \t]{1,3})?(?:(?P<q>[\"'])(?:[\w.\-]{1,32}:(?=[^\"'\r\n]{3,128}?(?P=q)[ \t]{0,3}\|[ \t]{0,3}(?:sudo[ \t]{1,3})?chpasswd))?"
        r"(?P<secret>[^\"'\r\n]{3,128}?)(?P=q)|(?P<bare_secret>[^\s\"'`;|&<>()]{3,128}))[ \t]{0,3}\|[ \t]{0,3}(?:sudo[ \t]{1,3})?"
        r"(?:[^\n|;&]{0,160}?(?:--password-stdin|--with-token)|chpasswd)",
        positive=f'echo "{_PW}" | docker login -u ci --password-stdin registry.example.org',
        negative='echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.org',
        tags=("command",),
        confidence=0.75,
        example_path="ci/release.sh",
    ),
    _password_rule(
        "generic-directive-password",
        "Password or secret as a configuration directive",
        "generic",
        PASSWORD_WORDS + SECRET_WORDS,
        # A line that is only `NAME "VALUE"`: Gradle/Groovy and Ruby DSLs (`storePassword "…"`, fastlane
        # `itc_password "…"`), server configs (`password "…";`). Quoted only: a bare word after a name on a line
        # of its own is as often console output ("Password verified"), and it would make the shape filter useless.
        r"(?:(?<=^)|(?<=^ )|(?<=^  )|(?<=^   )|(?<=^    )|(?<=^      )|(?<=^        )|(?<=^          )"
        r"|(?<=^            )|(?<=^\t)|(?<=^\t\t)|(?<=^\t\t\t))"
        r"(?P<name>[A-Za-z0-9_.\-]{0,40}?(?:pass|pwd|secret|token|apikey|api_key|key|auth|credential)"
        r"[A-Za-z0-9_.\-]{0,30})[ \t]{1,16}(?P<q>[\"'])(?P<secret>[^\"'\r\n]{1,200}?)(?P=q)[ \t]{0,4}[;,]?[ \t]{0,4}$",
        positive=f'        storePassword "{_PW}"',
        negative='        storePassword "${KEYSTORE_PASSWORD}"',
        case_insensitive=True,
        anchor="name",
        confidence=0.7,
        example_path="app/build.gradle",
    ),
    token(
        "redis-config-password",
        "Password in a Redis configuration",
        "Redis",
        ("requirepass", "masterauth"),
        # redis.conf (and `redis-server --requirepass …` is the CLI rule's): `requirepass PW`, `masterauth PW`.
        # At the start of the line: `# requirepass foobared` is redis.conf's commented-out example.
        r"(?:(?<=^)|(?<=^ )|(?<=^  )|(?<=^    )|(?<=^\t))(?:requirepass|masterauth)[ \t]{1,8}"
        r"(?:(?P<q>[\"'])(?P<secret>[^\"'\r\n]{3,128}?)(?P=q)|(?P<bare_secret>[^\s\"'`;|&<>()]{3,128}))[ \t]{0,4}$",
        positive=f"requirepass {_PW}",
        negative="requirepass ${REDIS_PASSWORD}",
        kind="generic",
        anchor="keyword",
        tags=("command",),
        severity=Severity.HIGH,
        confidence=0.75,
        example_path="conf/redis.conf",
        why="The Redis password is the only thing between the network and every key in the database (and, "
        "through CONFIG/MODULE commands, often the host).",
        remediation=_PW_FIX,
    ),
    _password_rule(
        "plist-key-value",
        "Password or secret in a property list",
        "generic",
        PASSWORD_WORDS + ("secret", "token", "apikey", "key"),
        # `<key>APIKey</key>` followed by `<string>…</string>` (Info.plist, GoogleService-Info.plist).
        r"(?<=<key>)(?P<name>[A-Za-z0-9_.\-]{0,40}?(?:pass|pwd|secret|token|apikey|api_key|key)[A-Za-z0-9_.\-]{0,30})"
        r"</key>\s{0,40}<string>[ \t]{0,4}(?P<secret>[^<>\s]{3,200})[ \t]{0,4}</string>",
        positive=f"<key>APIKey</key>\n<string>{_KEY}</string>",
        negative="<key>APIKey</key>\n<string>$(API_KEY)</string>",
        case_insensitive=True,
        anchor="name",
        multiline=True,
        reach=360,
        confidence=0.7,
        example_path="App/Info.plist",
    ),
    token(
        "mysql-go-dsn",
        "MySQL DSN (Go driver format) with password",
        "MySQL",
        ("@tcp(", "@unix(", "@udp("),
        # go-sql-driver/mysql: `user:password@tcp(host:3306)/db` — no scheme, so the URL rules never see it.
        r"(?<![\w.\-])(?P<user>[\w.\-]{1,64}):(?P<secret>[^\s@/\\\"'`:]{3,128})@(?:tcp|unix|udp)\(",
        positive=f'db, err := sql.Open("mysql", "app:{_PW}@tcp(db.internal:3306)/app")',
        negative='db, err := sql.Open("mysql", "app:${DB_PASSWORD}@tcp(db.internal:3306)/app")',
        kind="uri",
        severity=Severity.HIGH,
        confidence=0.85,
        example_path="internal/db.go",
        why="A connection string with its password gives direct access to the database it names.",
        remediation=_PW_FIX,
    ),
    _password_rule(
        "powershell-securestring",
        "Plain-text password turned into a SecureString",
        "PowerShell",
        ("convertto-securestring",),
        r"(?i:ConvertTo-SecureString)[ \t]{1,3}(?:-String[ \t]{1,3})?(?P<q>['\"])(?P<secret>[^'\"\r\n]{3,128}?)(?P=q)",
        positive=f'$pw = ConvertTo-SecureString "{_PW}" -AsPlainText -Force',
        negative="$pw = ConvertTo-SecureString $env:ADMIN_PASSWORD -AsPlainText -Force",
        confidence=0.85,
        example_path="deploy/setup.ps1",
    ),
    token(
        "http-basic-auth",
        "HTTP Basic credentials in an Authorization header",
        "HTTP",
        ("basic ",),
        r"(?i:basic)[ \t]{1,3}(?P<secret>[A-Za-z0-9+/]{8,300}={0,2})(?![A-Za-z0-9+/=])",
        positive='headers = {"Authorization": "Basic '
        + __import__("base64").b64encode(f"svc:{_PW}".encode()).decode()
        + '"}',
        negative='headers = {"Authorization": "Basic realm"}',
        validator="basic-auth",
        severity=Severity.HIGH,
        confidence=0.8,
        why="Basic credentials are only base64-encoded: the user name and password are readable by anyone.",
        remediation=_PW_FIX,
    ),
    _password_rule(
        "basic-auth-literal",
        "user:password literal encoded for HTTP Basic authentication",
        "HTTP",
        ("b64encode", "btoa", "base64.encode", "encodetostring", "basic_auth", "basicauth"),
        r"(?i:b64encode|btoa|base64\.encode\w{0,12}|encodeToString|basic_?auth)\([ \t]{0,2}[bB]?[\"'](?P<user>[^\"':\s]{1,64}):"
        r"(?P<secret>[^\"'\s]{3,128})[\"']",
        positive=f"auth = base64.b64encode(b'deploy:{_PW}').decode()",
        negative="auth = base64.b64encode(f'{user}:{password}'.encode()).decode()",
        confidence=0.8,
    ),
    token(
        "http-bearer-token",
        "Bearer token in an Authorization header",
        "HTTP",
        ("bearer ",),
        r"(?i:bearer)[ \t]{1,3}(?P<secret>[A-Za-z0-9_\-.~+/]{24,1000}={0,2})(?![A-Za-z0-9_\-.~+/=])",
        positive=f'headers = {{"Authorization": "Bearer {fake(40, ALNUM, "bearer")}"}}',
        negative='headers = {"Authorization": "Bearer " + token}',
        min_entropy=3.5,
        severity=Severity.HIGH,
        confidence=0.75,
        why="A bearer token is accepted from whoever presents it.",
        remediation="Revoke the token with its issuer and load tokens at run time instead of writing them down.",
    ),
    _uri(
        "postgres-uri",
        "PostgreSQL connection URI with password",
        "PostgreSQL",
        r"postgres(?:ql)?(?:\+\w{1,20})?",
        ("postgres",),
        "postgresql://app:PW@db.internal:5432/app",
    ),
    _uri(
        "mysql-uri",
        "MySQL connection URI with password",
        "MySQL",
        r"mysql(?:\+\w{1,20})?|mariadb(?:\+\w{1,20})?",
        ("mysql", "mariadb"),
        "mysql://app:PW@db.internal:3306/app",
    ),
    _uri(
        "mongodb-uri",
        "MongoDB connection URI with password",
        "MongoDB",
        r"mongodb(?:\+srv)?",
        ("mongodb",),
        "mongodb+srv://app:PW@cluster0.example.net/app",
    ),
    _uri(
        "redis-uri",
        "Redis connection URI with password",
        "Redis",
        r"rediss?",
        ("redis",),
        "redis://:PW@cache.internal:6379/0",
    ),
    _uri(
        "amqp-uri",
        "AMQP (RabbitMQ) connection URI with password",
        "AMQP",
        r"amqps?",
        ("amqp",),
        "amqp://app:PW@mq.internal:5672/vhost",
    ),
    _uri(
        "url-credentials",
        "URL with embedded user and password",
        "generic",
        r"[A-Za-z][A-Za-z0-9+.\-]{1,20}",
        ("://",),
        "https://deploy:PW@git.example.org/repo.git",
    ),
    _password_rule(
        "jdbc-password",
        "JDBC / ODBC connection string with password",
        "JDBC",
        ("jdbc:", "pwd=", "password="),
        r"(?i:jdbc:[a-z0-9]{2,20}:[^\s\"'`]{0,200}?[;?&:](?:password|pwd)=|(?:^|[;\"'\s])(?:password|pwd)=)(?P<secret>[^;\s\"'`&<>,()]{3,128})(?=[;&\"'`\s]|$)",
        positive=f'url = "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={_PW};"',
        negative='url = "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${DB_PASSWORD};"',
        confidence=0.75,
    ),
    token(
        "htpasswd-hash",
        "Password hash in an htpasswd-style file",
        "Apache",
        ("$apr1$", "$2y$", "$2a$", "$2b$", "{sha}"),
        r"^[ \t]{0,4}[A-Za-z0-9_.\-@]{1,64}:(?P<secret>\$apr1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|\$2[aby]\$\d\d\$[./0-9A-Za-z]{53}|\{SHA\}[A-Za-z0-9+/]{27}=)",
        positive="admin:$apr1$" + fake(8, ALNUM, "apr") + "$" + fake(22, ALNUM, "apr2"),
        negative="admin:$apr1$",
        severity=Severity.MEDIUM,
        confidence=0.8,
        placeholder_check=False,
        example_path="deploy/.htpasswd",
        why="Password hashes of these kinds are fast to crack offline for weak passwords.",
        remediation="Change the affected passwords and keep credential files out of the repository.",
    ),
]

__all__ = ["B64", "DETECTORS", "HEX", "PASSWORD_WORDS", "SECRET_WORDS"]
