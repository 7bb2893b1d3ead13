"""Generic credentials read per format: literals in code, bare values in config, shells and docs."""

from __future__ import annotations

import pytest

from chainwatch.analyzers.secrets import Scanner

PW = "Hq7" + "vT2" + "mX9" + "kL4"  # assembled: no credential-shaped literal in the repository

REPORTED = [
    ("app.py", f'DB_PASSWORD = "{PW}"'),
    # Generated values stay secrets whatever they end in (they break into letters and digits, no words).
    ("app.py", f'api_key = "{PW}Id"'),
    ("app.py", f'token = "{PW}Name"'),
    # Dockerfile's older `ENV NAME value` form; `<-` assignment (R, F#, OCaml).
    ("Dockerfile", f"ENV DB_PASSWORD {PW}"),
    ("docker/app.dockerfile", f'  ENV API_TOKEN "{PW}{PW}"'),
    ("analysis.R", f'db_password <- "{PW}"'),
    ("Db.fs", f'conn.Password <- "{PW}"'),
    # A client token that is not a UUID is a credential (SDK and gateway client tokens).
    ("api.md", f'"client_token": "{PW}{PW}{PW}",'),
    ("app.py", f"connect(host='db', password='{PW}')"),
    ("app.js", f"const config = {{ password: '{PW}' }};"),
    ("main.go", f'dbPass := "{PW}"'),
    ("App.java", f'String password = "{PW}";'),
    ("Main.kt", f'client.setPassword("{PW}")'),
    ("app.rb", f"user.password = '{PW}'"),
    ("config.php", f"'password' => '{PW}',"),
    ("Startup.cs", f'var pwd = @"{PW}";'),
    ("settings.yaml", f"password: {PW}"),
    ("settings.yaml", f'  db_password: "{PW}"'),
    (".env", f"DATABASE_PASSWORD={PW}"),
    ("config.json", f'{{"password": "{PW}"}}'),
    ("settings.xml", f"<password>{PW}</password>"),
    ("web.config", f'<add key="SmtpPassword" value="{PW}" />'),
    ("app.ini", f"password = {PW}"),
    ("app.properties", f"spring.datasource.password={PW}"),
    ("pyproject.toml", f'password = "{PW}"'),
    ("Dockerfile", f"ENV DB_PASSWORD={PW}"),
    (".gitlab-ci.yml", f"  variables:\n    DB_PASSWORD: {PW}"),
    ("deploy.sh", f"export DB_PASSWORD='{PW}'"),
    ("deploy.sh", f"mysql --user root --password {PW} app"),
    ("README.md", f"docker run -e POSTGRES_PASSWORD={PW} -d postgres"),
    ("settings.py", f"DATABASE_URL = 'postgres://app:{PW}@db.internal:5432/app'"),
    ("notes.txt", f"ftp://deploy:{PW}@files.example.org/"),
    ("test_login.py", f"assert cfg['password'] == '{PW}'"),
    # Options whose argument is a NAME=value binding, followed by more of the command.
    ("README.md", f"docker run -d -e RABBITMQ_DEFAULT_USER=admin -e RABBITMQ_DEFAULT_PASS={PW} rabbitmq:3"),
    ("docs/build.md", f"docker build -t app --build-arg ADMIN_PASSWORD={PW} ."),
    ("conf/docker/env", f'ENV="DATABASE_PASSWORD={PW} DATABASE_NAME=app"'),
    # A key-building call given the key itself.
    ("crypto.ts", "const key = createSecretKey(Buffer.from('" + "5a407ca8f8eb837a" * 4 + "', 'hex'))"),
    # URL query/fragment parameters, wherever the URL sits (a comment in code included).
    ("app.js", f"// http://localhost:9000/cb.html#access_token={PW}Zq81&token_type=Bearer&state="),
    ("client.rb", f"#   https://www.example.com/api?user_credentials={PW}Zq81"),
    # Schemes joined with `+` still carry their credentials.
    ("db/connect.sql", f"\\connect odbc+db2://db2inst1:{PW}@localhost/testdb"),
    # Key material written as a list of byte values, in several languages.
    ("auth.go", "authData := []byte{18, 170, 22, 142, 90, 59, 56, 77, 8, 65, 225, 157, 53,"),
    (
        "Crypto.java",
        "byte[] secretKey = new byte[] { (byte)0x3f, (byte)0xa1, 0x07, 0x5c, 0xe2, 0x19, 0x88, 0xd4, 0x6b };",
    ),
    ("Crypto.cs", "var signingKey = new byte[] { 0x3f, 0xa1, 0x07, 0x5c, 0xe2, 0x19, 0x88, 0xd4, 0x6b, 0x20 };"),
    ("keys.py", "SECRET_KEY = bytes([63, 161, 7, 92, 226, 25, 136, 212, 107, 32, 77])"),
    ("keys.js", "const hmacKey = new Uint8Array([63, 161, 7, 92, 226, 25, 136, 212, 107, 32]);"),
    # Comparing with a literal still hard-codes it; a closing bracket after a bare value is not prose.
    ("login.js", f"if (input.password === '{PW}') {{ grant() }}"),
    ("nats.md", f"authorization: {{ nkey: {PW.upper()}Q7ZP2X }}"),
    # Aligned columns in console output and docs; `set NAME value` in consoles (Metasploit, psql).
    ("notes.md", f"[*] Input password             : {PW}*"),
    ("api.rst", f"salt      : {PW}Zq81/wL="),
    ("pentest.md", f"msf6 exploit(psexec) > set SMBPass {PW}"),
    ("init.sql", f"\\set POSTGRES_PASS {PW}"),
    # All-caps passwords are passwords unless they spell a field's name.
    ("docker-compose.yml", "ROOT_PASSWORD: PUCHXYFW"),
    # A password that happens to contain parentheses or an @ is still a literal.
    ("db_test.go", f'cfg := &Config{{User: "user", Passwd: "n@rs({PW})"}}'),
    # Twilio account SID (the user half of the account's Basic credentials).
    ("spec/calls.rb", '"account_sid": "AC' + "8d31a85cfdac2c06590c6e8c2979d1" + '0f",'),
    # T-SQL's Unicode literal; Oracle's bare IDENTIFIED BY.
    ("setup.sql", f"ALTER LOGIN app WITH PASSWORD = N'{PW}';"),
    ("setup.sql", f"CREATE USER app IDENTIFIED BY {PW};"),
    # A word-and-digits password in live config is reported (a weak real one), less surely than a random one.
    ("config/app.yml", "client-secret: portal-8-1234"),
    # A password that merely ends in an underscore, or contains brackets among other characters.
    ("app.py", f'password = "{PW}_"'),
    ("app.py", f'password = "{PW}[x]"'),
    ("db/grant.sql", f"GRANT CONNECT TO scott IDENTIFIED BY {PW};"),
    ("db/users.sql", f"CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED WITH caching_sha2_password BY '{PW}';"),
    ("db/users.sql", f"ALTER ROLE app WITH ENCRYPTED PASSWORD '{PW}';"),
    ("deploy.md", f"pip install --index-url https://deploy:{PW}%21x@pypi.internal/simple app"),
    # Letter groups without vowels are generated, not the words of a description.
    ("settings.py", 'OAUTH_CLIENT_SECRET = "qwfp_trsdhn_bvkmzx_plgt"'),
]

IGNORED = [
    ("app.py", "password = os.environ['DB_PASSWORD']"),
    ("app.py", "password = get_password()"),
    ("app.py", 'password = "${DB_PASSWORD}"'),
    ("app.py", 'password = "{{ vault.db_password }}"'),
    ("app.py", 'password = "%(password)s"'),
    ("app.py", 'password = "<your-password>"'),
    ("app.py", 'password = "changeme"'),
    ("app.py", 'password_length = "12345678"'),
    ("app.py", 'password_field = "new_password"'),
    ("app.ts", "password: string;"),
    ("app.py", 'label = _("Enter your password")'),
    ("settings.yaml", "password: ${DB_PASSWORD}"),
    (".env", "DB_PASSWORD="),
    ("README.md", "password: enter yours in the dialog"),
    ("app.py", 'checksum = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256'),
    ("app.py", 'request_id = "123e4567-e89b-12d3-a456-426614174000"'),
    ("app.py", 'key = "documents"'),
    ("app.js", '"integrity": "sha512-' + "Qm" * 43 + '=="'),
    ("settings.py", "DATABASE_URL = 'postgres://app:${DB_PASSWORD}@db/app'"),
    ("crypto.ts", "const key = createSecretKey('aes-256-gcm-default-mode-params')"),
    ("keys.py", "key = generate_key('Curve25519')"),
    ("README.md", "docker run -e PASSWORD_FILE=/run/secrets/db app"),
    ("app.js", "if (ready && token=getToken()) { go() }"),
    ("README.md", "https://example.org/cb?access_token=YOUR_ACCESS_TOKEN&state=1"),
    ("app.js", "fetch(`/api?token=${token}&x=1`)"),
    ("min.js", "g.$=function(a,b){if(0===b)return this.key;return 0===b?this.key:1===b?this.H:null};"),
    ("spec/api.rb", '"uri": "/Calls.json?Page=1&PageToken=PA' + "Cd81fe0b" * 4 + '"'),
    # Byte lists that are not keys: counting sequences, repeats, small codes, non-credential names.
    ("auth.go", "authData := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}"),
    ("pad.go", "authKey := []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}"),
    ("keys.js", "const keyCodes = [1, 4, 2, 7, 3, 9, 5, 8, 6, 0, 11];"),
    ("Crypto.java", "byte[] publicKey = new byte[] { 0x3f, 0xa1, 0x07, 0x5c, 0xe2, 0x19, 0x88, 0xd4, 0x6b };"),
    ("table.py", "primes = bytes([63, 161, 7, 92, 226, 25, 136, 212, 107, 32, 77])"),
    ("spec/calls.rb", '"account_sid": "AC' + "a" * 32 + '",'),
    # Comparisons with type names, dunder markers, format strings and bind parameters.
    ("auth.ts", "if (typeof strategy.hashPassword !== 'function') { throw e }"),
    ("lib.php", "if ($key !== '__phpseclib_marker') {"),
    ("plugin.py", 'subdir_cfg_key = "plugin.%s.src.subdir" % self.plugin.name'),
    ("init.sql", "CREATE USER app IDENTIFIED BY :NAME"),
    # Words in another script describe the value; they are not it.
    ("setup.md", "GRANT ALL ON *.* TO 'root'@'%' IDENTIFIED BY '新密码' WITH GRANT OPTION;"),
    # Defaults in signatures, calls and other expressions.
    ("client.rb", "def initialize(username=nil, password=nil, account_sid=nil, region=nil)"),
    ("conf.py", 'password=empty_str_cast(config_ini["server"]["DATABASE_PASSWORD"]),'),
    ("test_views.py", "self.client.login(username=user.username, password=user.username)"),
    ("notes.md", "$Cred = New-Object System.Management.Automation.PSCredential('CORP\\alice', $SecPassword)"),
    ("jwt.md", "JSON Web Token : `Base64(Header).Base64(Data).Base64(Signature)`"),
    ("dump.md", "<Password>*SENSITIVE*DATA*DELETED*</Password>"),
    # Constants that name a field; a value that spells its own name; sudoers; file references.
    ("Native.cs", 'public const string BCRYPT_PRIVATE_KEY_BLOB = "PRIVATEBLOB";'),
    ("api.rst", '"secret": "KEYID",'),
    ("Crypt.php", "private $password_default_salt = 'phpseclib/salt';"),
    ("Dockerfile", "RUN echo '%sudo ALL=(ALL:ALL) NOPASSWD: ALL' >> /etc/sudoers"),
    ("app.config", 'jwt-secret = "@/dev/stdin"'),
    # URL look-alikes: a fragment or query before `@` is not userinfo; one-letter demo passwords.
    ("ssrf.txt", "http://google.com:80#@www.whitelisteddomain.tld/"),
    ("ssrf.txt", "http://127.1.1.1:80\\@127.2.2.2:80/"),
    ("nats.md", "nats -s nats://a:a@localhost:4222 sub '>'"),
    ("api.js", "// Return the reset password information."),
    ("pentest.md", "msf6 > set SMBPass $SMB_PASSWORD"),
    # Demo passwords of how-tos (a word and a counting run); LDAP search filters; passwd records.
    ("docs/setup.md", "docker run -e MYSQL_PASSWORD=wiki_123456 -d mysql"),
    ("conf/app.yml", "#    secret: 654321"),
    ("docs/ldap.md", '--bindPassword "Oracle123" \\'),
    ("ldap.md", "(&(sn=administrator)(password=MYK*)) : OK"),
    ("ldap.md", "userPassword:2.5.13.18:=\\xx\\xx"),
    ("persistence.md", "hacker:GENERATED_PASSWORD_HERE:0:0:Hacker:/root:/bin/bash"),
    # Prose about the option itself; SQL-ish words in prose; subscripts; internal names.
    ("tool.md", "the --password flag may be used to encrypt the document"),
    ("ad.md", "This attribute contains a BLOB with password information for service accounts."),
    ("form.test.js", "key: 'nested[something]'"),
    ("bundle.js", 'var password="__closure_events_fn_"'),
    ("settings.py", 'OAUTH_CLIENT_SECRET = "some_long_client_value"'),
    ("settings.py", 'SMTP_PASSWORD = "smtp-relay-https-only"'),
    # Seen in third-party code and docs: prose after IDENTIFIED BY, masks, counting runs, format
    # templates, subscripts, regexes, internal names, prefixes joined to more, HTML entities, demo URLs.
    ("docs/valgrind.html", "Stylesheets are identified by their suffix; issues identified by valgrind"),
    ("misc.py", 'password = ":****"'),
    ("crypto.md", "const secret = 'abcdefg';"),
    ("types.py", 'type_var_key = f"typevar={thing!r}"'),
    ("auth.py", "build_header(username=auth_info[0], password=auth_info[2])"),
    ("lexer.py", "jsonnet_token = r'[^\\W\\d]\\w*'"),
    ("wgsl.py", "ident_pattern_token = r'([_\\p{XID_Start}][\\p{XID_Continue}]*)'"),
    ("plugin.py", 'STATS_KEY = "_hypothesis_stats"'),
    ("local.py", "self.key = '_threading_local._localimpl.' + str(id(self))"),
    ("nginx.conf", "proxy_cache_path /data/nginx/cache keys_zone=pypiserver_cache:10m;"),
    ("tls.html", "<code>{pem: &#x3C;string|buffer>[, passphrase: &#x3C;string>]}</code>"),
    ("nettle.html", "keys like &ldquo;secret:1&rdquo;, &ldquo;secret:2&rdquo;"),
    ("url.md", "const myURL = new URL('https://abc:xyz@example.com');"),
    ("copyright", "cvs://:pserver:anoncvs@sources.redhat.com:/cvs/src"),
    ("urls.py", 'assert url == "https://jo%40email.com:a%20secret@www.example.com"'),
    # AWS SDK data and docs: resource types, ARNs, tag and condition keys, paging and idempotency tokens,
    # env-var names in constants, S3 object keys, fingerprints, ids under a provider's word.
    ("providers.py", '"AWS::IAM::AccessKey": "62d9a3f1c0b7e845",'),
    ("examples.rst", '"encryptionKey": "arn:aws:kms:us-west-2:123456789012:key/a1b2c3d4"'),
    ("policies.py", '"aws:TagKeys":"LaunchWizardResourceGroupID"'),
    ("policies.py", '"kms:EncryptionContextKeys":"aws:dsql:ClusterId"'),
    ("model.py", '_SAR_APP_KEY = "serverlessrepo:applicationId"'),
    ("paginators.json", '"output_token": "StreamingDistributionList.NextMarker",'),
    ("paginators.json", '"result_key": "NotificationsWithSubscribers"'),
    ("models.py", 'elif key == "DocumentDBEventSourceConfig":'),
    (
        "examples.rst",
        "aws ec2 create-traffic-mirror-target --client-request-token 5289a345-0358-4e62-93d5-47ef3061d65e",
    ),
    ("examples.rst", '"ChangeToken": "b91c2d83-2d0e-4f6e-8a3b-6f1e0f2a9c44",'),
    ("recorder.py", "TRACING_NAME_KEY = 'AWS_XRAY_TRACING_NAME'"),
    ("c_lexer.py", '_FixedToken("LSHIFTEQUAL", "<<="),'),
    ("create-build.rst", '"Key":"MegaFrogRaceServer_build_123.zip"'),
    ("list-jobs.rst", '"S3Key": "867139942017-PHIDetection-c4a2e1f9b8d7"'),
    ("import-key-pair.rst", '"KeyFingerprint": "1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f"'),
    ("get-campaigns.rst", '"SegmentId": "b66c9e42b5a34e2c9c3b0d8f7a61e5d4",'),
    ("managed_policies.json", '"EC2ImageBuilder": "arn:aws:iam::aws:policy/EC2InstanceProfileForImageBuilder",'),
    ("httpsession.py", ":return: Masked proxy url, i.e. https://***:***@proxy.com"),
    ("scipy_filter.py", "taps = firwin(ntaps, pass_zero='bandpass')"),
    ("compiler.py", 'if pass_arg == "environment":'),
    ("networks.py", "password=parts['password'],"),
    ("cffi_api.py", '"""Load and return a dynamic library identified by \'name\'."""'),
    # Zero bytes inside a base64-encoded binary look like the start of an X bearer token.
    (
        "amsi.md",
        '[Convert]::FromBase64String("TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQ' + "A" * 150 + 'gAAAAA4fug4AtAnNIbgBTM0h")',
    ),
    # When, not what: timestamps under credential-ish names, and names ending in a time word.
    ("example.json", '"tokenExpirationTime": "2022-11-07T18:34:10.123Z"'),
    ("policy.md", "--context-entries \"ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T22:33:53Z'\""),
    ("app.py", 'api_key_created = "2023-01-05 10:00:00"'),
    ("app.py", f'token_rotation_time = "{PW}"'),
    # Lookup keys: a parameter's, a table's or a dictionary's key names something, it unlocks nothing.
    ("stack.sh", f"aws cloudformation create-stack --parameters ParameterKey={PW},ParameterValue=subnet-1"),
    ("models.py", f'partition_key = "{PW}"'),
    ("graph.py", f'edge_key="{PW}",'),
    # AWS `ClientToken`: an idempotency token the caller picks, a UUID.
    ("ec2.json", '"ClientToken": "4752c1f9-0e61-4e2a-9a2d-3b1f0c6d8e7a"'),
    # Legacy Dockerfile ENV pointing at a file or a build variable; `<-` binding a call or an action.
    ("Dockerfile", "ENV DB_PASSWORD_FILE /run/secrets/db_password"),
    ("Dockerfile", "ENV API_TOKEN $API_TOKEN"),
    ("Dockerfile", "ENV KEYBOARD_LAYOUT us"),
    ("notes.txt", "We set the ENV PASSWORD variable in the image"),
    ("Main.hs", "password <- getLine"),
    ("analysis.R", 'api_key <- Sys.getenv("API_KEY")'),
    # Values that name a field, a namespaced key, a setting or a pattern of names.
    ("rds.json", '"Key": "DBInstanceIdentifier",'),
    ("emr.py", "dest_key='Ec2SubnetIds',"),
    ("rds.json", '"Key": "aws:rds:primaryDBClusterArn"'),
    ("ssm.md", '--target "Key=resource-groups:Name,Values=MyResourceGroup"'),
    ("generators.py", '_SAM_KEY = "stateMachine:createdBy"'),
    ("schema.py", 'Description: PassThroughProp | None = apikey("Description")'),
    ("trusts.json", '"SelectiveAuth": "Disabled"'),
    ("store.py", "for key in db.keys('autorestore/*'):"),
]


@pytest.mark.parametrize(("path", "text"), REPORTED, ids=[f"{p}:{t[:30]}" for p, t in REPORTED])
def test_reported(scanner: Scanner, path: str, text: str) -> None:
    matches = scanner.scan_bytes(path, text.encode())
    assert matches, text
    assert all(m.confidence >= 0.5 for m in matches)


@pytest.mark.parametrize(("path", "text"), IGNORED, ids=[f"{p}:{t[:30]}" for p, t in IGNORED])
def test_ignored(scanner: Scanner, path: str, text: str) -> None:
    assert [m.rule for m in scanner.scan_bytes(path, text.encode()) if m.confidence >= 0.5] == []
