"""A sweep over the places credentials are really committed, one format at a time.

Each format has realistic positives (the credential as developers write it there) and negatives in the
same format (placeholders, environment references, templates, empty values, variables, prose). The
values are generated here from fixed seeds: random-looking, never real. Every positive asserts the
rule and the line; every negative asserts that nothing is reported at the default confidence (0.5).
"""

from __future__ import annotations

import base64
import random
from typing import NamedTuple

import pytest

from chainwatch.analyzers.secrets import Scanner

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
REPORT_AT = 0.5  # the command's default --min-confidence


def _made(seed: str, length: int, alphabet: str = _ALNUM) -> str:
    """A random-looking value with at least one digit, upper and lower case letter (never a live key)."""
    rng = random.Random(seed)
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(length))
        if alphabet != _ALNUM or (
            any(c.isdigit() for c in value) and any(c.isupper() for c in value) and any(c.islower() for c in value)
        ):
            return value


PW = _made("password", 14)  # what a person or a generator picks as a password
PW2 = _made("password-2", 16)
KEY = _made("api-key", 32)  # an API key / token without a provider prefix
HEX64 = _made("hex", 64, "0123456789abcdef")
B64_PAIR = base64.b64encode(f"deploy:{PW}".encode()).decode()
DJANGO_KEY = "django-insecure-" + _made("django", 50, "abcdefghijklmnopqrstuvwxyz0123456789!@#^&*-_=+")
AWS_ID = "AKIA" + _made("aws-id", 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
AWS_SECRET = _made("aws-secret", 40, _ALNUM + "+/")

PASSWORD = "secret.generic-password"
SECRET = "secret.generic-secret"
NPMRC = "secret.npmrc-auth"
SHORT_FLAG = "secret.generic-cli-short-password"
KEYED_CALL = "secret.generic-keyed-call"
NAME_VALUE = "secret.generic-name-value-pair"
LOGIN_CALL = "secret.generic-login-call"
YAML_BLOCK = "secret.yaml-block-password"
IPSEC = "secret.ipsec-secrets-psk"
HTML_INPUT = "secret.html-password-input"
CLI = "secret.generic-cli-password"
ORACLE = "secret.oracle-connect-password"
PGPASS = "secret.pgpass-password"
NETWORK = "secret.network-device-password"


class Found(NamedTuple):
    path: str
    text: str
    rule: str
    line: int  # 1-based line of the credential


def _case(fmt: str, path: str, text: str, rule: str, line: int = 1) -> object:
    return pytest.param(Found(path, text, rule, line), id=f"{fmt}:{path}")


POSITIVES = [
    # -- .env files, docker --env-file -------------------------------------------------------------------
    _case("dotenv", ".env", f"APP_NAME=shop\nDB_PASSWORD={PW}\n", PASSWORD, 2),
    _case("dotenv-quoted", ".env", f'STRIPE_WEBHOOK_SECRET="{KEY}"\n', SECRET),
    _case("dotenv-export", ".env.production", f"export API_TOKEN={KEY}\n", SECRET),
    _case("env-file", "deploy/prod.env", f"# database\nPOSTGRES_PASSWORD={PW}\n", PASSWORD, 2),
    _case("env-list", "env.list", f"REDIS_PASSWORD={PW}\n", PASSWORD),
    # -- docker-compose ----------------------------------------------------------------------------------
    _case(
        "compose-list",
        "docker-compose.yml",
        f"services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_USER=app\n"
        f"      - POSTGRES_PASSWORD={PW}\n",
        PASSWORD,
        6,
    ),
    _case(
        "compose-list-quoted",
        "compose.yaml",
        f'services:\n  db:\n    environment:\n      - "MYSQL_ROOT_PASSWORD={PW}"\n',
        PASSWORD,
        4,
    ),
    _case(
        "compose-map",
        "docker-compose.yaml",
        f"services:\n  mq:\n    environment:\n      RABBITMQ_DEFAULT_USER: app\n      RABBITMQ_DEFAULT_PASS: {PW}\n",
        PASSWORD,
        5,
    ),
    # -- Kubernetes Secrets: stringData literal, data base64 (still the secret, only encoded) -----------
    _case(
        "k8s-stringData",
        "k8s/db-secret.yaml",
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\nstringData:\n  password: {PW}\n",
        PASSWORD,
        7,
    ),
    _case(
        "k8s-data",
        "k8s/api-secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ndata:\n"
        f"  api-token: {base64.b64encode(KEY.encode()).decode()}\n",
        SECRET,
        6,
    ),
    # -- Helm values -------------------------------------------------------------------------------------
    _case(
        "helm-values",
        "charts/app/values.yaml",
        f"postgresql:\n  auth:\n    username: app\n    postgresPassword: {PW}\n",
        PASSWORD,
        4,
    ),
    # -- name/value pairs: Kubernetes and compose env lists, ECS task definitions, Postman environments -----
    _case(
        "k8s-env",
        "k8s/deployment.yaml",
        f"      containers:\n        - name: api\n          env:\n            - name: DB_PASSWORD\n              value: {PW}\n",
        NAME_VALUE,
        5,
    ),
    _case(
        "k8s-env-quoted",
        "k8s/deployment.yaml",
        f'          env:\n            - name: "STRIPE_API_KEY"\n              value: "{KEY}"\n',
        NAME_VALUE,
        3,
    ),
    _case(
        "ecs-task-definition",
        "ecs/task-definition.json",
        f'      "environment": [{{"name": "API_TOKEN", "value": "{KEY}"}}],\n',
        NAME_VALUE,
    ),
    _case(
        "postman-environment",
        "postman/staging.postman_environment.json",
        f'  "values": [\n    {{\n      "key": "api_key",\n      "value": "{KEY}",\n      "enabled": true\n    }}\n',
        NAME_VALUE,
        4,
    ),
    # -- Ansible -----------------------------------------------------------------------------------------
    _case("ansible-vars", "group_vars/all.yml", f"ansible_user: deploy\nansible_password: {PW}\n", PASSWORD, 2),
    _case("ansible-become", "host_vars/web1.yml", f'ansible_become_pass: "{PW}"\n', PASSWORD),
    _case(
        "ansible-inventory",
        "inventory/hosts",
        f"[web]\nweb1 ansible_host=10.0.0.5 ansible_user=deploy ansible_password={PW} ansible_port=22\n",
        PASSWORD,
        2,
    ),
    # -- Spring / Java properties ------------------------------------------------------------------------
    _case(
        "spring-properties",
        "src/main/resources/application.properties",
        f"spring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.password={PW}\n",
        PASSWORD,
        2,
    ),
    _case(
        "spring-yaml",
        "src/main/resources/application.yml",
        f"spring:\n  datasource:\n    username: app\n    password: {PW}\n",
        PASSWORD,
        4,
    ),
    _case("java-properties", "conf/mail.properties", f"mail.smtp.user=alerts\nmail.smtp.password = {PW}\n", PASSWORD, 2),
    _case("java-properties-colon", "conf/app.properties", f"api.key: {KEY}\n", SECRET),
    # -- .NET ----------------------------------------------------------------------------------------------
    _case(
        "appsettings-connection",
        "appsettings.json",
        '{\n  "ConnectionStrings": {\n    "Default": "Server=tcp:db.internal,1433;Database=app;'
        f'User ID=app;Password={PW};Encrypt=True;"\n  }}\n}}\n',
        "secret.jdbc-password",
        3,
    ),
    _case("appsettings-key", "appsettings.Production.json", f'{{\n  "Jwt": {{ "Key": "{KEY}" }}\n}}\n', SECRET, 2),
    _case(
        "web.config-connection",
        "web.config",
        '<connectionStrings>\n  <add name="Default" connectionString="Data Source=db;Initial Catalog=app;'
        f'User Id=app;Password={PW};" providerName="System.Data.SqlClient" />\n</connectionStrings>\n',
        "secret.jdbc-password",
        2,
    ),
    _case(
        "web.config-appsetting",
        "Web.config",
        f'<appSettings>\n  <add key="PaymentApiKey" value="{KEY}" />\n</appSettings>\n',
        "secret.generic-xml-keyvalue",
        2,
    ),
    # -- JDBC / ODBC ---------------------------------------------------------------------------------------
    _case(
        "jdbc-query",
        "conf/db.conf",
        f'db.url = "jdbc:postgresql://db.internal:5432/app?user=app&password={PW}&ssl=true"\n',
        "secret.jdbc-password",
    ),
    _case(
        "jdbc-sqlserver",
        "src/Db.java",
        f'String url = "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={PW};";\n',
        "secret.jdbc-password",
    ),
    _case(
        "odbc",
        "etl/connect.py",
        f'conn = pyodbc.connect("Driver={{ODBC Driver 18 for SQL Server}};Server=db;Uid=etl;Pwd={PW};")\n',
        "secret.jdbc-password",
    ),
    _case("go-mysql-dsn", "internal/db.go", f'db, err := sql.Open("mysql", "app:{PW}@tcp(db.internal:3306)/shop")\n', "secret.mysql-go-dsn"),
    # -- PHP -----------------------------------------------------------------------------------------------
    _case("wp-config", "wp-config.php", f"define( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', '{PW}' );\n", KEYED_CALL, 2),
    _case("wp-config-salt", "wp-config.php", f"define('AUTH_KEY',         '{KEY}');\n", KEYED_CALL),
    _case("laravel-env", ".env", f"APP_KEY=base64:{base64.b64encode(KEY.encode()).decode()}\n", SECRET),
    _case("php-array", "config/database.php", f"    'password' => '{PW}',\n", PASSWORD),
    # -- Django --------------------------------------------------------------------------------------------
    _case("django-secret-key", "mysite/settings.py", f"SECRET_KEY = '{DJANGO_KEY}'\n", SECRET),
    _case(
        "django-databases",
        "mysite/settings.py",
        "DATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n"
        f"        'USER': 'app',\n        'PASSWORD': '{PW}',\n    }}\n}}\n",
        PASSWORD,
        5,
    ),
    # -- Rails ---------------------------------------------------------------------------------------------
    _case(
        "rails-database.yml",
        "config/database.yml",
        f"production:\n  adapter: postgresql\n  username: app\n  password: {PW}\n",
        PASSWORD,
        4,
    ),
    _case("rails-secrets.yml", "config/secrets.yml", f"production:\n  secret_key_base: {HEX64}{HEX64}\n", SECRET, 2),
    # -- Node ----------------------------------------------------------------------------------------------
    _case("node-config", "config/production.json", f'{{\n  "db": {{\n    "password": "{PW}"\n  }}\n}}\n', PASSWORD, 3),
    _case("node-config-secret", "config/default.json", f'{{ "jwtSecret": "{KEY}" }}\n', SECRET),
    _case("npmrc-authToken", ".npmrc", f"//npm.internal.example.net/repository/npm/:_authToken={KEY}\n", NPMRC),
    _case("npmrc-auth", ".npmrc", f"registry=https://npm.internal.example.net/\n_auth={B64_PAIR}\n", NPMRC, 2),
    _case(
        "npmrc-password",
        "frontend/.npmrc",
        f"//npm.internal.example.net/:username=deploy\n//npm.internal.example.net/:_password={B64_PAIR}\n",
        NPMRC,
        2,
    ),
    # -- Python packaging, netrc, docker, git --------------------------------------------------------------
    _case("pypirc", ".pypirc", f"[internal]\nrepository = https://pypi.internal/\nusername = ci\npassword = {PW}\n", PASSWORD, 4),
    _case("netrc", ".netrc", f"machine api.internal.example.net login deploy password {PW}\n", "secret.netrc-password"),
    _case(
        "netrc-lines",
        "home/.netrc",
        f"machine git.internal.example.net\n  login deploy\n  password {PW}\n",
        "secret.netrc-password",
        3,
    ),
    _case(
        "docker-config",
        ".docker/config.json",
        f'{{\n  "auths": {{\n    "registry.internal.example.net": {{\n      "auth": "{B64_PAIR}"\n    }}\n  }}\n}}\n',
        "secret.docker-config-auth",
        4,
    ),
    _case("git-credentials", ".git-credentials", f"https://deploy:{PW}@git.internal.example.net\n", "secret.url-credentials"),
    _case(
        "aws-credentials",
        ".aws/credentials",
        f"[default]\naws_access_key_id = {AWS_ID}\naws_secret_access_key = {AWS_SECRET}\n",
        "secret.aws-secret-access-key",
        3,
    ),
    # -- Terraform -----------------------------------------------------------------------------------------
    _case(
        "terraform-resource",
        "infra/db.tf",
        f'resource "aws_db_instance" "main" {{\n  username = "app"\n  password = "{PW}"\n}}\n',
        PASSWORD,
        3,
    ),
    _case("terraform-tfvars", "prod.tfvars", f'db_password = "{PW}"\n', PASSWORD),
    _case(
        "terraform-provider",
        "infra/provider.tf",
        f'provider "grafana" {{\n  url  = "https://grafana.internal"\n  auth = "{KEY}"\n}}\n',
        SECRET,
        3,
    ),
    # -- CI ------------------------------------------------------------------------------------------------
    _case(
        "github-actions",
        ".github/workflows/ci.yml",
        f"jobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      DB_PASSWORD: {PW}\n",
        PASSWORD,
        5,
    ),
    _case("gitlab-ci", ".gitlab-ci.yml", f"variables:\n  DEPLOY_TOKEN: {KEY}\n", SECRET, 2),
    _case("jenkinsfile", "Jenkinsfile", f"environment {{\n    DB_PASSWORD = '{PW}'\n}}\n", PASSWORD, 2),
    _case("groovy", "vars/deploy.groovy", f"def deploy() {{\n    sshPublisher(password: '{PW}')\n}}\n", PASSWORD, 2),
    # -- Shell ---------------------------------------------------------------------------------------------
    _case("shell-export", "scripts/env.sh", f"export DB_PASSWORD={PW}\n", PASSWORD),
    _case("shell-curl", "scripts/upload.sh", f"curl -u deploy:{PW} https://repo.internal/upload\n", "secret.generic-curl-user-password"),
    _case("shell-mysql", "scripts/backup.sh", f"mysqldump -u root -p{PW} app > app.sql\n", SHORT_FLAG),
    _case("shell-sshpass", "scripts/push.sh", f"sshpass -p '{PW}' ssh deploy@10.0.0.5 uptime\n", SHORT_FLAG),
    _case("docker-login", "scripts/release.sh", f"docker login -u ci -p {PW} registry.internal\n", SHORT_FLAG),
    # A command line inside code is read with the command's syntax: the bare word after -p is the password.
    _case("command-in-python", "tools/backup.py", f'subprocess.run("mysqldump -uroot -p{PW} shop > shop.sql", shell=True)\n', SHORT_FLAG),
    _case("command-in-go", "cmd/deploy.go", f'exec.Command("sh", "-c", "sshpass -p {PW} ssh deploy@10.0.0.5 uptime")\n', SHORT_FLAG),
    _case("sqlcmd", "db/load.sh", f"sqlcmd -S db.internal -U sa -P {PW} -i init.sql\n", SHORT_FLAG),
    _case("psexec", "ops/run.ps1", f"PsExec.exe \\\\web01 -u admin -p {PW} cmd\n", SHORT_FLAG),
    _case("az-login", ".gitlab-ci.yml", f"  script:\n    - az login --service-principal -u app-id -p {KEY} --tenant t1\n", SHORT_FLAG, 2),
    _case("oc-login", "ci/deploy.sh", f"oc login https://api.ocp.internal:6443 -u admin -p {PW}\n", SHORT_FLAG),
    _case("net-user", "setup/users.bat", f"net user deploy {PW} /add\n", SHORT_FLAG),
    _case("piped-docker-login", "ci/release.sh", f'echo "{PW}" | docker login -u ci --password-stdin registry.internal\n', "secret.generic-piped-password"),
    _case("piped-gh-token", "ci/release.sh", f"echo {KEY} | gh auth login --with-token\n", "secret.generic-piped-password"),
    _case("piped-chpasswd", "provision.sh", f"echo 'deploy:{PW}' | chpasswd\n", "secret.generic-piped-password"),
    _case("gradle-signing", "app/build.gradle", f'    release {{\n        storePassword "{PW}"\n        keyPassword \'{PW2}\'\n', "secret.generic-directive-password", 2),
    _case("fastlane", "fastlane/Appfile", f'itc_password "{PW}"\n', "secret.generic-directive-password"),
    _case("redis-conf", "conf/redis.conf", f"bind 0.0.0.0\nrequirepass {PW}\n", "secret.redis-config-password", 2),
    _case("redis-masterauth", "conf/redis.conf", f"masterauth {PW}\n", "secret.redis-config-password"),
    _case("plist", "App/Info.plist", f"<dict>\n  <key>APIKey</key>\n  <string>{KEY}</string>\n</dict>\n", "secret.plist-key-value", 3),
    _case("redis-cli", "scripts/flush.sh", f"redis-cli -h cache.internal -a {PW} FLUSHALL\n", SHORT_FLAG),
    _case("env-prefix-docs", "README.md", f"Connect with:\n\n    PGPASSWORD={PW} psql -h db.internal -U app app\n", PASSWORD, 3),
    _case("env-prefix-prompt", "docs/run.md", f"$ API_TOKEN={KEY} ./bin/sync --all\n", SECRET),
    _case("jvm-property", "Dockerfile", f"ENTRYPOINT java -Dspring.datasource.password={PW} -jar /app.jar\n", PASSWORD),
    _case("dockerfile-env-multi", "Dockerfile", f"ENV DB_USER=app DB_PASSWORD={PW}\n", PASSWORD),
    _case("wpa-supplicant", "boot/wpa_supplicant.conf", f'network={{\n    ssid="office"\n    psk="{PW}"\n}}\n', PASSWORD, 3),
    # -- Credentials passed positionally to login calls and credential constructors -----------------------
    _case("python-smtp-login", "alerts/mail.py", f'server.login("alerts@example.org", "{PW}")\n', LOGIN_CALL),
    _case("python-requests-auth", "sync/client.py", f"requests.get(url, auth=('deploy', '{PW}'))\n", LOGIN_CALL),
    _case("csharp-network-credential", "Mail/Sender.cs", f'client.Credentials = new NetworkCredential("svc", "{PW}");\n', LOGIN_CALL),
    _case("java-get-connection", "src/Db.java", f'DriverManager.getConnection(DB_URL, "sa", "{PW}");\n', LOGIN_CALL),
    _case("php-mysqli", "inc/db.php", f"$db = mysqli_connect('localhost', 'root', '{PW}', 'shop');\n", LOGIN_CALL),
    _case("php-pdo", "inc/db.php", f"$pdo = new PDO($dsn, 'app', '{PW}');\n", LOGIN_CALL),
    # -- PowerShell ----------------------------------------------------------------------------------------
    _case(
        "powershell-securestring",
        "deploy/setup.ps1",
        f"$pw = ConvertTo-SecureString '{PW}' -AsPlainText -Force\n",
        "secret.powershell-securestring",
    ),
    _case("powershell-variable", "deploy/vars.ps1", f'$AdminPassword = "{PW}"\n', PASSWORD),
    _case("powershell-param", "deploy/join.ps1", f"Connect-Server -User svc -Password '{PW}'\n", "secret.generic-cli-password"),
    # -- SQL -----------------------------------------------------------------------------------------------
    _case("sql-identified-by", "db/init.sql", f"CREATE USER app IDENTIFIED BY '{PW}';\n", "secret.sql-identified-by"),
    _case("sql-alter-login", "db/init.sql", f"ALTER LOGIN sa WITH PASSWORD = '{PW}';\n", "secret.sql-password"),
    _case("sql-create-login-n", "db/init.sql", f"CREATE LOGIN app WITH PASSWORD = N'{PW}';\n", "secret.sql-password"),
    _case("sql-postgres-role", "db/roles.sql", f"CREATE ROLE app WITH LOGIN PASSWORD '{PW}';\n", "secret.sql-password"),
    # -- Code: constants and struct literals ---------------------------------------------------------------
    _case("go-struct", "internal/db.go", f'cfg := Config{{User: "app", Password: "{PW}"}}\n', PASSWORD),
    _case("go-const", "internal/client.go", f'const apiToken = "{KEY}"\n', SECRET),
    _case("rust", "src/main.rs", f'let db_password = "{PW}";\n', PASSWORD),
    _case("rust-struct", "src/config.rs", f'Config {{ password: "{PW}".to_string() }}\n', PASSWORD),
    _case("kotlin", "app/Api.kt", f'private const val API_SECRET = "{KEY}"\n', SECRET),
    _case("swift", "App/Keys.swift", f'let apiKey = "{KEY}"\n', SECRET),
    _case("csharp-initializer", "Services/Mail.cs", f'var creds = new Login {{ User = "svc", Password = "{PW}" }};\n', PASSWORD),
    # -- Type-annotated declarations ------------------------------------------------------------------------
    _case("typescript-typed", "src/db.ts", f'const password: string = "{PW}";\n', PASSWORD),
    _case("kotlin-typed", "app/Db.kt", f'val password: String = "{PW}"\n', PASSWORD),
    _case("swift-typed", "App/Db.swift", f'let apiSecret: String = "{KEY}"\n', SECRET),
    _case("rust-typed", "src/main.rs", f'const DB_PASSWORD: &str = "{PW}";\n', PASSWORD),
    _case("rust-static", "src/keys.rs", f"static API_KEY: &'static str = \"{KEY}\";\n", SECRET),
    _case("go-typed", "internal/db.go", f'var dbPassword string = "{PW}"\n', PASSWORD),
    # -- Fallbacks for environment variables, macros, declared defaults -----------------------------------
    _case("node-env-fallback", "src/auth.js", f"const jwtSecret = process.env.JWT_SECRET || '{KEY}';\n", "secret.generic-env-fallback"),
    _case("ts-env-nullish", "src/auth.ts", f'const s = process.env["SESSION_SECRET"] ?? "{KEY}";\n', "secret.generic-env-fallback"),
    _case("python-env-or", "app/settings.py", f"SECRET_KEY = os.getenv('SECRET_KEY') or '{KEY}'\n", "secret.generic-env-fallback"),
    _case("ruby-env-or", "config/app.rb", f"password = ENV['DB_PASSWORD'] || '{PW}'\n", "secret.generic-env-fallback"),
    _case("php-env-elvis", "inc/db.php", f"$pw = getenv('DB_PASSWORD') ?: '{PW}';\n", "secret.generic-env-fallback"),
    _case("c-define", "firmware/secrets.h", f'#define WIFI_SSID "office"\n#define WIFI_PASSWORD "{PW}"\n', "secret.generic-c-define", 2),
    _case(
        "terraform-variable-default",
        "infra/variables.tf",
        f'variable "db_password" {{\n  type    = string\n  default = "{PW}"\n}}\n',
        "secret.generic-declared-default",
        3,
    ),
    _case(
        "cloudformation-default",
        "cfn/template.yaml",
        f"Parameters:\n  DBPassword:\n    Type: String\n    NoEcho: true\n    Default: {PW}\n",
        "secret.generic-declared-default",
        5,
    ),
    _case("redis-requirepass", "docker-compose.yml", f"  redis:\n    command: redis-server --requirepass {PW}\n", "secret.generic-cli-password", 2),
    _case("keytool", "scripts/keystore.sh", f"keytool -genkey -alias app -keystore app.jks -storepass {PW}\n", "secret.generic-cli-password"),
    _case("mongo-shell", "scripts/mongo.sh", f"mongo admin -u root -p {PW} --eval 'db.stats()'\n", SHORT_FLAG),
    _case("ldapsearch", "docs/ldap.md", f"    ldapsearch -x -D cn=admin,dc=example,dc=org -w {PW} -b dc=example,dc=org\n", SHORT_FLAG),
    _case("smbclient", "scripts/share.sh", f"smbclient //files/share -U admin%{PW} -c ls\n", SHORT_FLAG),
    _case("lftp", "scripts/sync.sh", f"lftp -u deploy,{PW} sftp://files.internal\n", SHORT_FLAG),
    _case("rabbitmqctl", "scripts/mq.sh", f"rabbitmqctl add_user app {PW}\n", SHORT_FLAG),
    _case("http-token-scheme", "scripts/api.sh", f'curl -H "Authorization: Token {KEY}" https://api.internal/v1\n', "secret.http-token-auth"),
    # -- XML -----------------------------------------------------------------------------------------------
    _case("xml-element", "conf/settings.xml", f"<server>\n  <id>nexus</id>\n  <password>{PW}</password>\n</server>\n", "secret.generic-xml-password", 3),
    _case(
        "xml-named-property",
        "src/main/resources/hibernate.cfg.xml",
        f'<property name="hibernate.connection.password">{PW}</property>\n',
        "secret.generic-xml-named-value",
    ),
    _case(
        "dotnet-settings",
        "App.config",
        f'<setting name="DbPassword" serializeAs="String">\n  <value>{PW}</value>\n</setting>\n',
        "secret.generic-xml-named-value",
        2,
    ),
    _case("xml-attribute", "conf/context.xml", f'<Resource name="jdbc/app" username="app" password="{PW}" />\n', PASSWORD),
    # -- HTML entities for quotes --------------------------------------------------------------------------
    _case("html-entity-34", "docs/setup.html", f"<pre>API_KEY = &#34;{KEY}&#34;</pre>\n", SECRET),
    _case("html-entity-quot", "docs/config.html", f"<code>password=&quot;{PW}&quot;</code>\n", PASSWORD),
    _case("html-entity-json", "docs/api.html", f"<pre>{{&#34;password&#34;: &#34;{PW}&#34;}}</pre>\n", PASSWORD),
    _case("html-entity-39", "docs/app.html", f"<pre>token = &#39;{KEY}&#39;</pre>\n", SECRET),
    # -- Config text embedded in a string literal with escaped newlines ------------------------------------
    _case("escaped-newlines", "tests/fixtures.py", f"ENV = 'USER=jdoe\\nPASS={PW}\\nHOST=db'\n", PASSWORD),
    _case("escaped-newlines-first", "src/env.js", f'const env = "DB_PASSWORD={PW}\\nDB_HOST=db";\n', PASSWORD),
    # -- YAML block scalars: the value on the next, indented line ------------------------------------------
    _case("yaml-block-literal", "config/app.yml", f"db:\n  password: |\n    {PW}\n  user: app\n", YAML_BLOCK, 3),
    _case("yaml-block-folded", "k8s/secret.yaml", f"stringData:\n  api_token: >-\n    {KEY}\n", YAML_BLOCK, 3),
    _case("yaml-block-last", "group_vars/all.yml", f"vault_db_password: |-\n  {PW2}", YAML_BLOCK, 2),
    _case("yaml-block-in-docs", "docs/deploy.md", f"```yaml\nsmtp:\n  password: |\n    {PW}\n```\n", YAML_BLOCK, 4),
    # -- IPsec secrets (strongSwan / Libreswan) and swanctl.conf -------------------------------------------
    _case("ipsec-psk", "etc/ipsec.secrets", f'# shared with the branch office\n: PSK "{PW}"\n', IPSEC, 2),
    _case("ipsec-psk-ids", "etc/ipsec.secrets", f'moon.example.org sun.example.org : PSK "{PW}"\n', IPSEC),
    _case("ipsec-psk-base64", "etc/ipsec.secrets", f"@moon @sun : PSK 0s{KEY}\n", IPSEC),
    _case("ipsec-xauth", "etc/ipsec.secrets", f'carol : XAUTH "{PW}"\n', IPSEC),
    _case(
        "swanctl-secret",
        "swanctl/swanctl.conf",
        f"secrets {{\n    ike-moon {{\n        id = moon.example.org\n        secret = {PW}\n    }}\n}}\n",
        SECRET,
        4,
    ),
    _case("swanctl-psk", "swanctl/conf.d/vpn.conf", f"secrets {{\n  ike-1 {{\n    psk = 0s{KEY}\n  }}\n}}\n", PASSWORD, 3),
    # -- HTML forms that ship a password -------------------------------------------------------------------
    _case("html-input", "templates/login.html", f'<input type="password" name="pw" value="{PW}">\n', HTML_INPUT),
    _case("html-input-value-first", "public/admin.htm", f"<input value='{PW}' name=\"pw\" type='password' />\n", HTML_INPUT),
    _case("html-input-upper", "WEB-INF/login.jsp", f'<INPUT TYPE=PASSWORD NAME=pw VALUE="{PW}">\n', HTML_INPUT),
    # -- Positional passwords on command lines --------------------------------------------------------------
    _case("htpasswd-bc", "docs/nginx.md", f"htpasswd -bc /etc/nginx/.htpasswd admin {PW}\n", SHORT_FLAG),
    _case("htpasswd-nb", "scripts/auth.sh", f'htpasswd -Bbn admin "{PW}" >> /etc/traefik/users\n', SHORT_FLAG),
    _case("htpasswd-separate-flags", "docs/nginx.md", f"sudo htpasswd -B -C 10 -b -c .htpasswd admin '{PW}'\n", SHORT_FLAG),
    _case("mysqladmin-glued", "docs/mysql.md", f"mysqladmin -u root -p{PW} status\n", SHORT_FLAG),
    _case("smbclient-user-percent", "docs/smb.md", f"smbclient -U admin%{PW} //fs/share\n", SHORT_FLAG),
    _case("curl-user", "scripts/upload.sh", f"curl -u deploy:{PW} https://repo.internal/upload\n", "secret.generic-curl-user-password"),
    _case("wget-password", "scripts/fetch.sh", f"wget --password={PW} https://repo.internal/a.tgz\n", PASSWORD),
    _case("git-clone-userinfo", "docs/clone.md", f"git clone https://deploy:{PW}@git.internal/app.git\n", "secret.url-credentials"),
    _case("cli-set-key", "docs/recon.md", f"aquatone-discover --set-key shodan {KEY}\n", CLI),
    _case("cli-api-key", "docs/usage.md", f"tool scan --api-key {KEY} --out report.json\n", CLI),
    _case("cli-authkey", "scripts/join.sh", f"tailscale up --authkey={KEY}\n", CLI),
    # -- Dynamic SQL: quotes doubled once per level of nesting ---------------------------------------------
    _case("sql-dynamic", "db/logins.sql", f"EXEC('CREATE LOGIN app WITH PASSWORD = ''{PW}''');\n", "secret.sql-password"),
    _case(
        "sql-dynamic-twice",
        "docs/linked-servers.md",
        f"EXECUTE('EXECUTE(''CREATE LOGIN app WITH PASSWORD = ''''{PW}'''' '') AT SRV1') AT SRV2\n",
        "secret.sql-password",
    ),
    _case(
        "sql-dynamic-identified",
        "db/users.sql",
        f"EXECUTE IMMEDIATE 'CREATE USER app IDENTIFIED BY ''{PW}''';\n",
        "secret.sql-identified-by",
    ),
    # -- More command-line clients: archivers, ssh-keygen, nmcli, remote-administration tools, Oracle --------
    _case("7z-glued", "scripts/pack.sh", f"7z a -p{PW} -mhe=on backup.7z data/\n", SHORT_FLAG),
    _case("zip-P", "scripts/pack.sh", f"zip -r -P {PW} backup.zip data/\n", SHORT_FLAG),
    _case("unzip-P", "docs/restore.md", f"unzip -P '{PW}' backup.zip\n", SHORT_FLAG),
    _case("ssh-keygen-N", "scripts/keys.sh", f"ssh-keygen -t ed25519 -N '{PW}' -f deploy_key\n", SHORT_FLAG),
    _case("nmcli-password", "docs/wifi.md", f"nmcli dev wifi connect HomeNet password {PW}\n", SHORT_FLAG),
    _case("evil-winrm", "notes/box.md", f"evil-winrm -i 10.0.0.5 -u administrator -p '{PW}'\n", SHORT_FLAG),
    _case("netexec", "notes/box.md", f"nxc smb 10.0.0.0/24 -u svc_backup -p {PW} --shares\n", SHORT_FLAG),
    _case("xfreerdp", "notes/box.md", f"xfreerdp /u:administrator /p:{PW} /v:10.0.0.5\n", SHORT_FLAG),
    _case("sqlplus", "scripts/migrate.sh", f"sqlplus -s system/{PW}@ORCL @migrate.sql\n", ORACLE),
    _case("expdp", "cron/export.sh", f"expdp app/{PW}@db schemas=app dumpfile=app.dmp\n", ORACLE),
    _case("sqlplus-quoted", "Dockerfile", f'RUN sqlplus "sys/{PW}@db as sysdba" @init.sql\n', ORACLE),
    # -- PostgreSQL password files, and entries written to them -------------------------------------------
    _case("pgpass", "home/app/.pgpass", f"# host:port:db:user:password\ndb.internal:5432:app:app:{PW}\n", PGPASS, 2),
    _case("pgpass-wildcards", "home/app/.pgpass", f"db.internal:5432:app:app:{PW}\n*:*:*:postgres:{PW2}\n", PGPASS, 2),
    _case("pgpass-windows", "AppData/Roaming/postgresql/pgpass.conf", f"localhost:5432:*:postgres:{PW}\n", PGPASS),
    _case(
        "pgpass-echo",
        "Dockerfile",
        f'RUN echo "db.internal:5432:app:app:{PW}" > /root/.pgpass && chmod 600 /root/.pgpass\n',
        "secret.pgpass-entry-written",
    ),
    _case(
        "pgpass-tee",
        "ci/setup.sh",
        f"echo '*:*:*:postgres:{PW}' | sudo tee -a /var/lib/postgresql/.pgpass\n",
        "secret.pgpass-entry-written",
    ),
    # -- Network device configurations (Cisco IOS/NX-OS/ASA, Arista EOS) -----------------------------------
    _case("ios-enable-secret", "configs/edge-01.cfg", f"hostname edge-01\nenable secret {PW}\n", NETWORK, 2),
    _case("ios-username", "configs/edge-01.cfg", f"username admin privilege 15 secret 0 {PW}\n", NETWORK),
    _case("ios-type7", "configs/edge-01.cfg", "enable password 7 0822455D0A16\n", NETWORK),
    _case("ios-tacacs-host", "configs/edge-01.cfg", f"tacacs-server host 10.1.1.1 key {PW}\n", NETWORK),
    _case("ios-isakmp", "configs/vpn.cfg", f"crypto isakmp key {PW} address 203.0.113.5\n", NETWORK),
    _case("ios-wpa-psk", "configs/ap.cfg", f"dot11 ssid corp\n wpa-psk ascii 0 {PW}\n", NETWORK, 2),
    _case("ios-key-chain", "configs/edge-01.cfg", f"key chain ospf\n key 1\n  key-string {PW}\n", NETWORK, 3),
]

NEGATIVES = [
    # .env
    (".env", "DB_PASSWORD=\n"),
    (".env", "DB_PASSWORD=${DB_PASSWORD}\n"),
    (".env", "DB_PASSWORD=changeme\n"),
    (".env", "DB_PASSWORD=<your-db-password>\n"),
    (".env.example", "API_TOKEN=your_api_token_here\n"),
    (".env", "APP_KEY=\n"),
    # compose
    ("docker-compose.yml", "    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n"),
    ("docker-compose.yml", "    environment:\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n"),
    ("docker-compose.yml", "    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:-}\n"),
    ("docker-compose.yml", "    environment:\n      - MYSQL_ROOT_PASSWORD\n"),
    # Kubernetes / Helm
    ("k8s/secret.yaml", "stringData:\n  password: {{ .Values.db.password | quote }}\n"),
    ("k8s/secret.yaml", "data:\n  password: {{ .Values.db.password | b64enc }}\n"),
    ("charts/app/values.yaml", 'postgresql:\n  auth:\n    postgresPassword: ""\n    existingSecret: db-credentials\n'),
    ("charts/app/values.yaml", "auth:\n  password: ~\n"),
    # name/value pairs
    ("k8s/deployment.yaml", "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n"),
    ("k8s/deployment.yaml", 'env:\n  - name: DB_PASSWORD\n    value: ""\n'),
    ("k8s/deployment.yaml", 'env:\n  - name: DB_PASSWORD\n    value: "$(POSTGRES_PASSWORD)"\n'),
    ("postman/env.json", '{"key": "api_key", "value": "{{api_key}}", "enabled": true}\n'),
    ("ecs/task.json", '{"name": "TOKEN_TTL", "value": "3600"}\n'),
    # Login calls with variables, placeholders and look-alike functions
    ("alerts/mail.py", "server.login(settings.SMTP_USER, settings.SMTP_PASSWORD)\n"),
    ("tests/test_login.py", 'self.client.login("admin", "admin")\n'),
    ("Mail/Sender.cs", "client.Credentials = new NetworkCredential(user, password);\n"),
    ("sync/client.py", "requests.get(url, auth=(user, password))\n"),
    ("src/Db.java", "DriverManager.getConnection(DB_URL, user, password);\n"),
    ("app/routes.js", "router.get('/login', 'AuthController.login')\n"),
    ("auth.py", "creds = load_credentials('~/.config/app', 'default')\n"),
    # Environment prefixes and flags with references
    ("scripts/flush.sh", 'redis-cli -h cache -a "$REDIS_PASSWORD" FLUSHALL\n'),
    ("README.md", "    PGPASSWORD=$DB_PASSWORD psql -h db -U app app\n"),
    ("README.md", "PASSWORD=hidden by default in the logs\n"),
    ("boot/wpa_supplicant.conf", 'network={\n    psk="{{ wifi_psk }}"\n}\n'),
    # Kubernetes `data:` holds base64: an encoded placeholder is still a placeholder.
    ("k8s/secret.yaml", "kind: Secret\ndata:\n  password: cGFzc3dvcmQ=\n"),
    ("k8s/secret.yaml", "kind: Secret\ndata:\n  db-password: Y2hhbmdlbWU=\n"),
    ("k8s/secret.yaml", "kind: Secret\ndata:\n  api-token: JHtBUElfVE9LRU59\n"),
    # Commands in code built from variables
    ("tools/backup.py", 'subprocess.run("mysqldump -uroot -p" + password + " shop", shell=True)\n'),
    ("tools/backup.py", "subprocess.run(f\"mysqldump -uroot -p{password} shop\", shell=True)\n"),
    # Look-alikes found by scanning installed packages and system headers: names that only end in "pass",
    # OpenSSL object names and protocol labels, class names, interpolation, anonymous FTP, options in comments.
    ("package.json", '  "dependencies": {\n    "minipass": "^7.0.3"\n  }\n'),
    ("lib/opts.js", "  GIT_ASKPASS: 'echo',\n"),
    ("include/obj_mac.h", '#define SN_kx_ecdhe_psk         "KxECDHE-PSK"\n'),
    ("include/obj_mac.h", '#define SN_pbe_WithSHA1And3_Key_TripleDES_CBC           "PBE-SHA1-3DES"\n'),
    ("include/tls1.h", '# define TLS_MD_MASTER_SECRET_CONST    "\\x6d\\x61\\x73\\x74\\x65\\x72"\n'),
    ("six.py", '    MovedAttribute("HTTPPasswordMgr", "urllib2", "urllib.request"),\n'),
    ("File/Fetch.pm", '            "-auth=anonymous:$FROM_EMAIL",\n'),
    ("Net/FTP.pm", "    $ftp->login(\"anonymous\",'-anonymous@')\n"),
    ("llvm/DiagnosticInfo.h", "  /// regular expression given in -Rpass=regexp, then the remark will\n"),
    ("docs/crypto.md", "pbkdf2('secret', 'salt', 100000, 64, 'sha512', (err, derivedKey) => {\n"),
    ("completion.py", "                (commandline --current-token --cut-at-cursor)\n"),
    ("vcs/subversion.py", '        """Auth is passed to svn via the --username and --password options instead."""\n'),
    # Logins, pipes, directives and plists with references
    ("db/load.sh", 'sqlcmd -S db -U sa -P "$SA_PASSWORD" -i init.sql\n'),
    ("setup/users.bat", "net user deploy * /add\n"),
    ("ci/release.sh", 'echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.internal\n'),
    ("ci/release.sh", "echo $GH_TOKEN | gh auth login --with-token\n"),
    ("app/build.gradle", '        storePassword System.getenv("KEYSTORE_PASSWORD")\n'),
    ("app/build.gradle", "        storePassword keystoreProperties['storePassword']\n"),
    ("conf/redis.conf", "# requirepass foobared\n"),
    ("docs/run.rst", "    Username: myusername\n    Password:\n    Password verified.\n"),
    ("App/Info.plist", "<key>APIKey</key>\n<string>$(API_KEY)</string>\n"),
    ("README.md", "Kubernetes Secrets (`stringData`, base64 `data`) and env lists.\n"),
    ("internal/db.go", 'db, err := sql.Open("mysql", user + ":" + pass + "@tcp(db:3306)/shop")\n'),
    ("internal/db.go", 'dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)\n'),
    # Ansible
    ("group_vars/all.yml", 'ansible_password: "{{ vault_ansible_password }}"\n'),
    ("group_vars/all.yml", "ansible_become_pass: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n"),
    # Spring / properties
    ("application.properties", "spring.datasource.password=${DB_PASSWORD}\n"),
    ("application.yml", "spring:\n  datasource:\n    password: ${DB_PASSWORD:}\n"),
    ("conf/app.properties", "db.password=\n"),
    ("conf/app.properties", "db.password=@db.password@\n"),
    # .NET
    ("appsettings.json", '{"ConnectionStrings": {"Default": "Server=db;Database=app;Integrated Security=True;"}}\n'),
    ("appsettings.json", '{"ConnectionStrings": {"Default": "Server=db;User ID=app;Password={your_password};"}}\n'),
    ("web.config", '<add name="Default" connectionString="Data Source=db;User Id=app;Password=$(DbPassword);" />\n'),
    ("appsettings.Development.json", '{"Jwt": {"Key": ""}}\n'),
    # JDBC / ODBC
    ("conf/db.conf", 'db.url = "jdbc:postgresql://db:5432/app?user=app&password=${DB_PASS}"\n'),
    ("etl/connect.py", 'pyodbc.connect(f"Driver={{ODBC}};Server=db;Uid={user};Pwd={password};")\n'),
    # PHP
    ("wp-config-sample.php", "define( 'DB_PASSWORD', 'password_here' );\n"),
    ("wp-config-sample.php", "define( 'AUTH_KEY',         'put your unique phrase here' );\n"),
    ("wp-config.php", "define( 'DB_PASSWORD', getenv('WORDPRESS_DB_PASSWORD') );\n"),
    ("config/database.php", "'password' => env('DB_PASSWORD', ''),\n"),
    # Django
    ("settings.py", "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n"),
    ("settings.py", "        'PASSWORD': os.getenv('DB_PASSWORD'),\n"),
    ("settings.py", "        'PASSWORD': '',\n"),
    # Rails
    ("config/database.yml", "production:\n  password: <%= ENV['DATABASE_PASSWORD'] %>\n"),
    ("config/secrets.yml", 'production:\n  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>\n'),
    # Node
    ("config/custom-environment-variables.json", '{"db": {"password": "DB_PASSWORD"}}\n'),
    ("config/default.json", '{"db": {"password": ""}}\n'),
    (".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
    (".npmrc", "always-auth=true\n"),
    # pypirc / netrc / docker / git
    (".pypirc", "[pypi]\nusername = __token__\npassword = <your PyPI token>\n"),
    (".netrc", "machine api.example.com login deploy password $API_TOKEN\n"),
    ("docs/netrc.md", "Write the password in your netrc file, then run the tool.\n"),
    (".docker/config.json", '{"auths": {"ghcr.io": {}}, "credsStore": "desktop"}\n'),
    (".git-credentials", "https://deploy:${GIT_TOKEN}@git.example.net\n"),
    (".aws/credentials", "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
    # Terraform
    ("infra/db.tf", "  password = var.db_password\n"),
    ("infra/db.tf", "  password = random_password.db.result\n"),
    ("infra/db.tf", '  password = "${var.db_password}"\n'),
    ("infra/db.tf", '  password = file("${path.module}/pw.txt")\n'),
    ("infra/variables.tf", 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n'),
    # CI
    (".github/workflows/ci.yml", "    env:\n      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n"),
    (".gitlab-ci.yml", "variables:\n  DEPLOY_TOKEN: $CI_JOB_TOKEN\n"),
    ("Jenkinsfile", "withCredentials([usernamePassword(credentialsId: 'db', passwordVariable: 'DB_PASSWORD')]) {\n"),
    # Shell
    ("scripts/env.sh", "export DB_PASSWORD=$(vault kv get -field=password secret/db)\n"),
    ("scripts/upload.sh", 'curl -u "$USER:$PASSWORD" https://repo.internal/upload\n'),
    ("scripts/backup.sh", "mysqldump -u root -p app > app.sql\n"),
    ("scripts/backup.sh", 'mysql -u root -p"$MYSQL_ROOT_PASSWORD" app\n'),
    ("scripts/push.sh", 'sshpass -p "$SSHPASS" ssh deploy@host uptime\n'),
    ("scripts/release.sh", 'docker login -u ci -p "$REGISTRY_PASSWORD" registry.internal\n'),
    ("scripts/release.sh", "echo $PW | docker login -u ci --password-stdin registry.internal\n"),
    # PowerShell
    ("deploy/setup.ps1", "$pw = ConvertTo-SecureString $env:ADMIN_PASSWORD -AsPlainText -Force\n"),
    ("deploy/join.ps1", "Connect-Server -User svc -Password $SecurePassword\n"),
    # SQL
    ("db/init.sql", "CREATE USER app IDENTIFIED BY :app_password;\n"),
    ("db/roles.sql", "CREATE ROLE app WITH LOGIN PASSWORD NULL;\n"),
    ("db/roles.sql", "ALTER ROLE app WITH PASSWORD '${APP_PASSWORD}';\n"),
    # Code
    ("internal/db.go", 'cfg := Config{User: "app", Password: os.Getenv("DB_PASSWORD")}\n'),
    ("src/config.rs", "pub struct Config { password: String }\n"),
    ("app/Api.kt", 'val password: String = ""\n'),
    ("App/Keys.swift", 'let apiKey = ProcessInfo.processInfo.environment["API_KEY"]\n'),
    ("Services/Mail.cs", "var creds = new Login { User = user, Password = password };\n"),
    # Typed declarations, fallbacks, macros and defaults without literals
    ("src/db.ts", "const password: string = process.env.DB_PASSWORD!;\n"),
    ("src/db.ts", "function login(password: string = ''): void {}\n"),
    ("app/Db.kt", "val password: String = System.getenv(\"DB_PASSWORD\")\n"),
    ("src/auth.js", "const port = process.env.PORT || '3000';\n"),
    ("src/auth.js", "const jwtSecret = process.env.JWT_SECRET || '';\n"),
    ("app/settings.py", "SECRET_KEY = os.getenv('SECRET_KEY') or 'change-me'\n"),
    ("firmware/secrets.h", '#define WIFI_PASSWORD "YOUR_WIFI_PASSWORD"\n'),
    ("firmware/secrets.h", "#define PASSWORD_LENGTH 16\n"),
    ("infra/variables.tf", 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n'),
    ("infra/variables.tf", 'variable "db_password" {\n  default = ""\n}\n'),
    ("cfn/template.yaml", "  DBPassword:\n    Type: String\n    NoEcho: true\n    MinLength: 8\n"),
    ("docker-compose.yml", "    command: redis-server --requirepass ${REDIS_PASSWORD}\n"),
    ("scripts/mongo.sh", "mongo admin -u root -p --authenticationDatabase admin\n"),
    ("scripts/api.sh", 'curl -H "Authorization: Token $API_TOKEN" https://api.internal/v1\n'),
    ("docs/compass.md", "bypass: true\n"),
    ("hibernate.cfg.xml", '<property name="hibernate.connection.password">${DB_PASSWORD}</property>\n'),
    # XML
    ("conf/settings.xml", "<password>${env.NEXUS_PASSWORD}</password>\n"),
    ("conf/context.xml", '<Resource name="jdbc/app" username="app" password="" />\n'),
    # HTML entities
    ("docs/setup.html", "<pre>API_KEY = &#34;YOUR_API_KEY&#34;</pre>\n"),
    ("docs/api.html", "<pre>{&#34;password&#34;: &#34;password&#34;}</pre>\n"),
    ("docs/config.html", "<code>password=&quot;${DB_PASSWORD}&quot;</code>\n"),
    # Embedded config text
    ("tests/fixtures.py", "ENV = 'USER=jdoe\\nPASS=${PASS}\\nHOST=db'\n"),
    ("src/env.js", 'const env = "DB_PASSWORD=" + password + "\\nDB_HOST=db";\n'),
    ("src/env.py", "line = f'PASSWORD={password}\\n'\n"),
    # YAML block scalars: templates, references, several lines (a key or certificate), empty blocks, tags
    ("config/app.yml", "db:\n  password: |\n    {{ vault_db_password }}\n  user: app\n"),
    ("config/app.yml", "db:\n  password: >-\n    ${DB_PASSWORD}\n"),
    ("config/app.yml", "tls:\n  key: |\n    MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n    VJTUt9Us8cKjMzEfYyjiWA4R4\n"),
    ("config/app.yml", "db:\n  password: |\n\nuser: app\n"),
    ("config/app.yml", "db:\n  password: |\n    changeme\n"),
    (".github/workflows/ci.yml", "      - name: token\n        run: |\n          echo $TOKEN | docker login --password-stdin\n"),
    ("group_vars/all.yml", "ansible_become_pass: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n"),
    ("config/app.yml", "auth:\n  password_policy: |\n    Xk3vR9pLm2Qw7z\n"),
    # IPsec: prompts, key files, prose
    ("etc/ipsec.secrets", ': PSK "%prompt"\n'),
    ("etc/ipsec.secrets", ": RSA moonKey.pem\n"),
    ("etc/ipsec.secrets", ': PSK "<your pre-shared key>"\n'),
    ("docs/ipsec.md", 'Put `: PSK "your-shared-secret"` into ipsec.secrets.\n'),
    # HTML password fields: empty, templated, placeholder and non-password fields
    ("templates/login.html", '<input type="password" name="pw" value="">\n'),
    ("templates/login.html", '<input type="password" name="pw" value="{{ form.password.value }}">\n'),
    ("templates/login.html.erb", '<input type="password" name="pw" value="<%= @password %>">\n'),
    ("templates/login.jsp", '<input type="password" name="pw" value="${param.pw}">\n'),
    ("templates/login.html", '<input type="password" name="pw" value="password">\n'),
    ("templates/login.html", '<input type="password" name="pw" value="********">\n'),
    ("templates/login.html", '<input type="text" name="user" value="Xk3vR9pLm2Qw7z">\n'),
    ("src/Login.jsx", "<input type=\"password\" value={password} onChange={update} />\n"),
    # Command lines that prompt, or pass variables and resource ids
    ("docs/nginx.md", "htpasswd -c /etc/nginx/.htpasswd admin\n"),
    ("docs/nginx.md", "htpasswd -B /etc/nginx/.htpasswd admin\n"),
    ("docs/nginx.md", 'htpasswd -bc /etc/nginx/.htpasswd admin "$ADMIN_PASSWORD"\n'),
    ("docs/nginx.md", "htpasswd -b -c .htpasswd $USER $PASS\n"),
    ("docs/recon.md", "aquatone-discover --set-key shodan YOUR_SHODAN_KEY\n"),
    ("docs/usage.md", "  --api-key API_KEY     the key to send\n"),
    ("src/cli.py", '    parser.add_argument("--api-key", dest="api_key_value", help="API key")\n'),
    ("docs/apigateway.rst", "  aws apigateway get-api-key --api-key 8bklk8bl1k3sB8D9BeeNPsFEyxCwkXXsxhXfOPXKcQ\n"),
    # Dynamic SQL built from variables
    ("db/logins.sql", "EXEC('CREATE LOGIN app WITH PASSWORD = ''' + @password + '''');\n"),
    ("db/users.sql", "EXECUTE IMMEDIATE 'CREATE USER app IDENTIFIED BY ''' || v_password || '''';\n"),
    ("db/logins.sql", "EXEC('CREATE LOGIN app WITH PASSWORD = ''''');\n"),
    # Archivers, key generators and admin tools that prompt, read files or take variables; Oracle OS logins
    ("docs/zip.md", "7z a -p backup.7z data/\n"),
    ("docs/zip.md", 'zip -r -P "$ZIP_PASSWORD" backup.zip data/\n'),
    ("docs/ssh.md", "ssh-keygen -t ed25519 -N '' -f deploy_key\n"),
    ("docs/ssh.md", 'ssh-keygen -p -P "$OLD_PASSPHRASE" -N "$NEW_PASSPHRASE" -f key\n'),
    ("docs/wifi.md", "nmcli --ask dev wifi connect HomeNet\n"),
    ("notes/box.md", "crackmapexec smb 10.0.0.0/24 -u users.txt -p passwords.txt\n"),
    ("notes/box.md", "evil-winrm -i 10.0.0.5 -u administrator -p <password>\n"),
    ("notes/box.md", "hydra -l admin -P rockyou.txt ssh://10.0.0.5\n"),
    ("scripts/db.sh", "sqlplus / as sysdba @init.sql\n"),
    ("scripts/db.sh", "sqlplus -s /nolog @init.sql\n"),
    ("scripts/db.sh", "sqlplus system/$ORACLE_PASSWORD@ORCL @init.sql\n"),
    ("scripts/db.sh", 'sqlplus "sys/${SYS_PASSWORD}@db as sysdba"\n'),
    ("scripts/db.sh", "sqlplus username/password@connect_identifier\n"),
    # A how-to logs in with the image's documented default: only scripts and config are read for Oracle logins
    ("docs/oracle.md", "$ docker run --rm instantclient sqlplus sys/Oradoc_db1@db:1521/orcl AS SYSDBA\n"),
    # PostgreSQL password files: empty passwords, references, the format's own description
    (".pgpass", "localhost:5432:*:postgres:\n"),
    (".pgpass", "localhost:5432:*:postgres:${PGPASSWORD}\n"),
    ("ci/setup.sh", 'echo "localhost:5432:*:postgres:$PGPASSWORD" > ~/.pgpass\n'),
    ("docs/postgres.md", "Write `hostname:port:database:username:password` lines to ~/.pgpass.\n"),
    ("tools/pgpass.py", 'f.write(f"{host}:{port}:{db}:{user}:{password}\\n")  # .pgpass\n'),
    ("docs/postgres.md", "db.internal:5432:app:app:Xk3vR9pLm2Qw7z\n"),
    # Network device configurations: hashes (types 5, 8, 9), templates, lab prose, look-alike code
    ("configs/edge-01.cfg", "username admin secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n"),
    ("configs/edge-01.cfg", "enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM\n"),
    ("templates/edge.j2", "enable secret {{ enable_secret }}\n"),
    ("templates/edge.j2", "username {{ user }} privilege 15 secret {{ user_secret }}\n"),
    ("docs/lab.md", "Router(config)# enable secret class\n"),
    ("docs/auth.md", "username and password are required\n"),
]


@pytest.mark.parametrize("case", POSITIVES)
def test_format_positive(scanner: Scanner, case: Found) -> None:
    found = [(m.rule, m.line) for m in scanner.scan_bytes(case.path, case.text.encode()) if m.confidence >= REPORT_AT]
    assert (case.rule, case.line) in found, found


@pytest.mark.parametrize(("path", "text"), NEGATIVES, ids=[f"{p}:{t.strip()[:40]}" for p, t in NEGATIVES])
def test_format_negative(scanner: Scanner, path: str, text: str) -> None:
    found = [(m.rule, m.line, m.redacted) for m in scanner.scan_bytes(path, text.encode()) if m.confidence >= REPORT_AT]
    assert found == []
