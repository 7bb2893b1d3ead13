"""Cloud and infrastructure providers: AWS, Google Cloud, Azure, and the platforms people deploy to."""

from __future__ import annotations

import base64

from ....model import Severity
from ..detector import context, token
from ._build import ALNUM, B64, B64URL, BASE32, END, HEX, LOWER_NUM, START, UPPER_NUM, fake, prefixed

_AKIA = "AKIA" + fake(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "aws")
_GCP_KEY = "-----BEGIN " + "PRIVATE KEY-----\\n" + fake(64 * 4, B64, "gcp") + "\\n-----END PRIVATE KEY-----\\n"


def _bedrock_long_term(seed: str) -> str:
    """`ABSK` + base64 of `BedrockAPIKey-<id>-at-<account id>:<secret>`, the shape AWS issues."""
    inner = f"BedrockAPIKey-{fake(4, LOWER_NUM, seed)}-at-{fake(12, '0123456789', seed)}:{fake(44, B64, seed)}"
    return "ABSK" + base64.b64encode(inner.encode()).decode()


def _bedrock_short_term(seed: str) -> str:
    """`bedrock-api-key-` + base64 of a SigV4-presigned `CallWithBearerToken` URL (made up, never signed)."""
    url = (
        "bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        f"&X-Amz-Credential=ASIA{fake(16, UPPER_NUM, seed)}%2F20250101%2Fus-east-1%2Fbedrock%2Faws4_request"
        f"&X-Amz-Date=20250101T000000Z&X-Amz-Expires=43200&X-Amz-Security-Token={fake(300, B64, seed)}"
        f"&X-Amz-Signature={fake(64, HEX, seed)}&X-Amz-SignedHeaders=host&Version=1"
    )
    return "bedrock-api-key-" + base64.b64encode(url.encode()).decode()


DETECTORS = [
    token(
        "aws-access-key-id",
        "AWS access key ID",
        "AWS",
        ("AKIA", "ASIA", "ABIA", "ACCA"),
        rf"{START}(?P<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{{16}}){END}",
        positive=f'aws_access_key_id = "{_AKIA}"',
        negative='aws_access_key_id = "AKIA1234"',
        confidence=0.85,
        why="An AWS access key ID is half of a key pair; where it sits, the secret key is usually close by, and "
        "together they give API access to the account.",
        remediation="Deactivate and delete the access key in IAM, rotate to short-lived credentials (roles, SSO, "
        "OIDC for CI), and review CloudTrail for its use.",
    ),
    context(
        "aws-secret-access-key",
        "AWS secret access key",
        "AWS",
        r"aws|secret_access_key|secretaccesskey|secret-access-key",
        r"[A-Za-z0-9/+]{40}",
        positive=f'aws_secret_access_key = "{fake(40, B64, "aws-secret")}"',
        negative='"AmazonSSMReadOnlyAccess": "arn:aws:iam::aws:policy/AmazonSSMAutomationApproverAccess"',
        validator="random-mixed",
        min_entropy=3.5,
        confidence=0.85,
        severity=Severity.CRITICAL,
    ),
    token(
        "aws-session-token",
        "AWS session token",
        "AWS",
        ("IQoJb3JpZ2lu", "FwoGZXIvYXdz", "FQoGZXIvYXdz"),
        rf"{START}(?P<secret>(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz)[A-Za-z0-9/+]{{100,1500}}={{0,2}})(?![A-Za-z0-9/+=])",
        positive='token = "IQoJb3JpZ2lu' + fake(300, B64, "sts") + '"',
        negative='token = "IQoJb3JpZ2lu' + fake(20, B64, "sts") + '"',
        severity=Severity.HIGH,
    ),
    prefixed(
        "aws-mws-key",
        "Amazon MWS auth token",
        "Amazon MWS",
        "amzn.mws.",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        HEX,
        0,
        positive="mws = 'amzn.mws." + "-".join(fake(n, HEX, "mws") for n in (8, 4, 4, 4, 12)) + "'",
        negative="mws = 'amzn.mws.12345678'",
    ),
    token(
        "gcp-service-account-key",
        "Google Cloud service-account private key",
        "Google Cloud",
        ('"private_key"',),
        r'"private_key"\s{0,3}:\s{0,3}"(?P<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----\\n[A-Za-z0-9+/=\\n]{200,8000}'
        r"-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)\"",
        positive='{"type": "service_account", "private_key": "' + _GCP_KEY + '"}',
        negative='{"type": "service_account", "private_key": ""}',
        validator="pem",
        severity=Severity.CRITICAL,
        confidence=0.99,
        kind="key",
        why="A service-account JSON key authenticates as that service account to every Google Cloud API it may "
        "use, with no expiry until deleted.",
        remediation="Delete the key in IAM > Service accounts > Keys, use Workload Identity Federation or "
        "attached service accounts instead of JSON keys, and audit the account's activity.",
    ),
    prefixed(
        "gcp-api-key",
        "Google API key",
        "Google Cloud / Google AI Studio",
        "AIza",
        r"[0-9A-Za-z_\-]{35}",
        B64URL,
        35,
        severity=Severity.HIGH,
        why="Google API keys bill to the project they belong to and, for Gemini / AI Studio keys, give "
        "access to the models and uploaded files.",
    ),
    prefixed(
        "gcp-oauth-client-secret",
        "Google OAuth client secret",
        "Google Cloud",
        "GOCSPX-",
        r"[A-Za-z0-9_\-]{28}",
        B64URL,
        28,
    ),
    prefixed(
        "google-oauth-access-token",
        "Google OAuth access token",
        "Google",
        "ya29.",
        r"[0-9A-Za-z_\-]{60,400}",
        B64URL,
        160,
        severity=Severity.MEDIUM,
    ),
    token(
        "google-oauth-refresh-token",
        "Google OAuth refresh token",
        "Google",
        ("1//0",),
        r"(?<![\w/])(?P<secret>1//0[A-Za-z0-9_\-]{40,300})" + END,
        positive='refresh = "1//0' + fake(100, B64URL, "g-refresh") + '"',
        negative='path = "1//0abc"',
    ),
    token(
        "azure-storage-account-key",
        "Azure storage account key",
        "Microsoft Azure",
        ("accountkey",),
        r"(?i:AccountKey)\s{0,2}=\s{0,2}(?P<secret>[A-Za-z0-9+/]{86}==)",
        positive="DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=" + fake(86, B64, "azsa") + "==;",
        negative="DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=<key>;",
        validator="base64",
        severity=Severity.CRITICAL,
    ),
    token(
        "azure-sas-token",
        "Azure shared access signature",
        "Microsoft Azure",
        ("sig=",),
        r"[?&]sv=\d{4}-\d\d-\d\d[^\s\"'<>]{0,300}?[?&]sig=(?P<secret>[A-Za-z0-9%+/]{30,100}(?:%3D|=){0,2})",
        positive="https://demo.blob.core.windows.net/c?sv=2022-11-02&ss=b&sp=r&sig=" + fake(43, ALNUM, "sas") + "%3D",
        negative="https://demo.blob.core.windows.net/c?sv=2022-11-02&sig=",
        severity=Severity.HIGH,
    ),
    token(
        "azure-shared-access-key",
        "Azure Service Bus / Event Hubs shared access key",
        "Microsoft Azure",
        ("sharedaccesskey=",),
        r"(?i:SharedAccessKey)=(?P<secret>[A-Za-z0-9+/]{42,44}=)",
        positive="Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey="
        + fake(43, B64, "azsb")
        + "=",
        negative="Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKey={key}",
        validator="base64",
    ),
    token(
        "azure-client-secret",
        "Azure AD (Entra ID) client secret",
        "Microsoft Azure",
        ("Q~",),
        r"(?<![\w~.\-])(?P<secret>[A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?![\w~.\-])",
        positive='client_secret = "' + fake(3, ALNUM, "azcs") + "8Q~" + fake(34, ALNUM, "azcs2") + '"',
        negative='client_secret = "abc8Q~short"',
        severity=Severity.CRITICAL,
    ),
    context(
        "azure-devops-pat",
        "Azure DevOps personal access token",
        "Microsoft Azure DevOps",
        r"azure_devops|azuredevops|ado_pat|ado_token|devops_pat|system_accesstoken|azure_pat",
        r"[a-z2-7]{52}|[A-Za-z0-9]{84}",
        positive=f'AZURE_DEVOPS_PAT = "{fake(52, "abcdefghijklmnopqrstuvwxyz234567", "ado")}"',
        negative='AZURE_DEVOPS_PAT = "$(System.AccessToken)"',
        min_entropy=3.5,
    ),
    prefixed(
        "alibaba-access-key-id",
        "Alibaba Cloud AccessKey ID",
        "Alibaba Cloud",
        "LTAI",
        r"[A-Za-z0-9]{12,20}",
        ALNUM,
        20,
        confidence=0.85,
    ),
    prefixed(
        "tencent-secret-id",
        "Tencent Cloud SecretId",
        "Tencent Cloud",
        "AKID",
        r"[A-Za-z0-9]{32}",
        ALNUM,
        32,
        confidence=0.85,
    ),
    prefixed(
        "digitalocean-pat", "DigitalOcean personal access token", "DigitalOcean", "dop_v1_", r"[a-f0-9]{64}", HEX, 64
    ),
    prefixed(
        "digitalocean-oauth-token", "DigitalOcean OAuth token", "DigitalOcean", "doo_v1_", r"[a-f0-9]{64}", HEX, 64
    ),
    prefixed(
        "digitalocean-refresh-token", "DigitalOcean refresh token", "DigitalOcean", "dor_v1_", r"[a-f0-9]{64}", HEX, 64
    ),
    prefixed("heroku-api-key", "Heroku platform API key", "Heroku", "HRKU-", r"[A-Za-z0-9_\-]{58,64}", B64URL, 60),
    context(
        "heroku-legacy-api-key",
        "Heroku API key",
        "Heroku",
        r"heroku",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        positive="HEROKU_API_KEY=" + "-".join(fake(n, HEX, "heroku") for n in (8, 4, 4, 4, 12)),
        negative="HEROKU_API_KEY=${HEROKU_API_KEY}",
    ),
    token(
        "cloudflare-origin-ca-key",
        "Cloudflare Origin CA key",
        "Cloudflare",
        ("v1.0-",),
        rf"{START}(?P<secret>v1\.0-[a-f0-9]{{24}}-[a-f0-9]{{146}}){END}",
        positive="key = 'v1.0-" + fake(24, HEX, "cf1") + "-" + fake(146, HEX, "cf2") + "'",
        negative="version = 'v1.0-beta'",
    ),
    context(
        "cloudflare-api-token",
        "Cloudflare API token",
        "Cloudflare",
        r"cloudflare|cf_api_token|cf_api_key",
        r"[A-Za-z0-9_\-]{40}|[a-f0-9]{37}",
        positive=f'CLOUDFLARE_API_TOKEN = "{fake(40, B64URL, "cf")}"',
        negative='CLOUDFLARE_API_TOKEN = "${{ secrets.CF_TOKEN }}"',
        min_entropy=3.5,
    ),
    prefixed(
        "scaleway-access-key", "Scaleway access key", "Scaleway", "SCW", r"[A-Z0-9]{17}", UPPER_NUM, 17, confidence=0.7
    ),
    prefixed(
        "vault-service-token",
        "HashiCorp Vault service token",
        "HashiCorp Vault",
        "hvs.",
        r"[A-Za-z0-9_\-]{90,120}",
        B64URL,
        95,
        severity=Severity.CRITICAL,
    ),
    prefixed(
        "vault-batch-token",
        "HashiCorp Vault batch token",
        "HashiCorp Vault",
        "hvb.",
        r"[A-Za-z0-9_\-]{138,300}",
        B64URL,
        140,
    ),
    token(
        "terraform-cloud-token",
        "Terraform Cloud / Enterprise API token",
        "HashiCorp Terraform Cloud",
        (".atlasv1.",),
        rf"{START}(?P<secret>[A-Za-z0-9]{{14}}\.atlasv1\.[A-Za-z0-9_\-=]{{60,70}}){END}",
        positive="token = '" + fake(14, ALNUM, "tfc") + ".atlasv1." + fake(67, B64URL, "tfc2") + "'",
        negative="host = 'app.atlasv1.example'",
    ),
    prefixed(
        "doppler-token",
        "Doppler token",
        "Doppler",
        "dp.",
        r"(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}",
        ALNUM,
        43,
        positive='DOPPLER_TOKEN="dp.pt.' + fake(43, ALNUM, "doppler") + '"',
        negative='DOPPLER_TOKEN="dp.pt.abc"',
    ),
    prefixed("pulumi-access-token", "Pulumi access token", "Pulumi", "pul-", r"[a-f0-9]{40}", HEX, 40),
    prefixed(
        "planetscale-token",
        "PlanetScale service token",
        "PlanetScale",
        "pscale_tkn_",
        r"[A-Za-z0-9_\-.]{32,64}",
        B64URL,
        43,
    ),
    prefixed(
        "planetscale-password",
        "PlanetScale database password",
        "PlanetScale",
        "pscale_pw_",
        r"[A-Za-z0-9_\-.]{32,64}",
        B64URL,
        43,
    ),
    prefixed(
        "supabase-management-token", "Supabase management API token", "Supabase", "sbp_", r"[a-f0-9]{40}", HEX, 40
    ),
    prefixed(
        "supabase-secret-key", "Supabase secret API key", "Supabase", "sb_secret_", r"[A-Za-z0-9_\-]{30,64}", B64URL, 31
    ),
    prefixed("flyio-token", "Fly.io access token", "Fly.io", "fo1_", r"[A-Za-z0-9_\-]{43}", B64URL, 43),
    prefixed("render-api-key", "Render API key", "Render", "rnd_", r"[A-Za-z0-9]{32}", ALNUM, 32),
    prefixed(
        "databricks-token", "Databricks personal access token", "Databricks", "dapi", r"[a-f0-9]{32}(?:-\d)?", HEX, 32
    ),
    prefixed(
        "grafana-cloud-token",
        "Grafana Cloud access policy token",
        "Grafana",
        "glc_",
        r"[A-Za-z0-9+/]{32,400}={0,2}",
        B64,
        80,
    ),
    prefixed(
        "grafana-service-account-token",
        "Grafana service account token",
        "Grafana",
        "glsa_",
        r"[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
        ALNUM,
        0,
        positive='GF_TOKEN = "glsa_' + fake(32, ALNUM, "glsa") + "_" + fake(8, HEX, "glsa2") + '"',
        negative='GF_TOKEN = "glsa_"',
    ),
    prefixed(
        "grafana-api-key", "Grafana API key (legacy)", "Grafana", "eyJrIjoi", r"[A-Za-z0-9+/]{50,200}={0,2}", B64, 70
    ),
    prefixed("newrelic-user-key", "New Relic user API key", "New Relic", "NRAK-", r"[A-Z0-9]{27}", UPPER_NUM, 27),
    prefixed(
        "newrelic-insights-key",
        "New Relic insert / ingest key",
        "New Relic",
        "NRII-",
        r"[A-Za-z0-9_\-]{32}",
        B64URL,
        32,
    ),
    prefixed(
        "newrelic-browser-key",
        "New Relic browser API key",
        "New Relic",
        "NRJS-",
        r"[a-f0-9]{19}",
        HEX,
        19,
        severity=Severity.MEDIUM,
    ),
    context(
        "datadog-api-key",
        "Datadog API or application key",
        "Datadog",
        r"datadog|dd_api_key|dd_app_key|dd_application_key|dd-api-key",
        r"[a-f0-9]{32}|[a-f0-9]{40}",
        positive=f'DD_API_KEY = "{fake(32, HEX, "dd")}"',
        negative='DD_API_KEY = "<DATADOG_API_KEY>"',
        min_entropy=3.0,
    ),
    prefixed(
        "sentry-org-token",
        "Sentry organization auth token",
        "Sentry",
        "sntrys_",
        r"eyJ[A-Za-z0-9+/=_]{60,400}",
        B64,
        0,
        positive='SENTRY_AUTH_TOKEN="sntrys_eyJ' + fake(90, B64, "sentry") + '"',
        negative='SENTRY_AUTH_TOKEN="sntrys_"',
    ),
    prefixed("sentry-user-token", "Sentry user auth token", "Sentry", "sntryu_", r"[a-f0-9]{64}", HEX, 64),
    token(
        "dynatrace-token",
        "Dynatrace API token",
        "Dynatrace",
        ("dt0c01.",),
        rf"{START}(?P<secret>dt0c01\.[A-Z0-9]{{24}}\.[A-Z0-9]{{64}}){END}",
        positive="token = 'dt0c01." + fake(24, UPPER_NUM, "dt") + "." + fake(64, UPPER_NUM, "dt2") + "'",
        negative="token = 'dt0c01.ABC'",
    ),
    prefixed(
        "docker-swarm-join-token",
        "Docker Swarm join token",
        "Docker",
        "SWMTKN-1-",
        r"[a-z0-9]{50}-[a-z0-9]{25}",
        LOWER_NUM,
        0,
        positive="docker swarm join --token SWMTKN-1-"
        + fake(50, LOWER_NUM, "swarm")
        + "-"
        + fake(25, LOWER_NUM, "swarm2"),
        negative="docker swarm join --token SWMTKN-1-xyz",
        keyword="SWMTKN-1-",
    ),
    prefixed(
        "octopus-deploy-api-key",
        "Octopus Deploy API key",
        "Octopus Deploy",
        "API-",
        r"[A-Z0-9]{26,32}",
        UPPER_NUM,
        26,
        confidence=0.75,
    ),
    prefixed(
        "tailscale-key",
        "Tailscale auth / API key",
        "Tailscale",
        "tskey-",
        r"(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,64}",
        ALNUM,
        0,
        positive="TS_AUTHKEY=tskey-auth-" + fake(12, ALNUM, "ts") + "-" + fake(32, ALNUM, "ts2"),
        negative="TS_AUTHKEY=tskey-auth-",
    ),
    prefixed(
        "harness-pat",
        "Harness personal access token",
        "Harness",
        "pat.",
        r"[A-Za-z0-9_\-]{22}\.[a-f0-9]{24}\.[A-Za-z0-9]{20}",
        ALNUM,
        0,
        positive="token = 'pat."
        + fake(22, B64URL, "h1")
        + "."
        + fake(24, HEX, "h2")
        + "."
        + fake(20, ALNUM, "h3")
        + "'",
        negative="token = 'pat.abc'",
    ),
    prefixed(
        "ibm-cloud-iam-key",
        "IBM Cloud IAM API key",
        "IBM Cloud",
        "ApiKey-",
        r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",
        HEX,
        0,
        positive='key = "ApiKey-' + "-".join(fake(n, HEX, "ibm") for n in (8, 4, 4, 4, 12)) + '"',
        negative='key = "ApiKey-x"',
    ),
    prefixed(
        "linode-token",
        "Linode / Akamai personal access token",
        "Linode",
        "",
        r"",
        HEX,
        0,
        keyword="linode",
        pattern=r"(?i:linode)[\w.\-]{0,20}[\"']?\s{0,3}[:=]\s{0,3}[\"']?(?P<secret>[a-f0-9]{64})(?![A-Za-z0-9])",
        positive=f'LINODE_TOKEN="{fake(64, HEX, "linode")}"',
        negative='LINODE_TOKEN="${LINODE_TOKEN}"',
        kind="context",
        confidence=0.75,
    ),
    prefixed(
        "age-secret-key",
        "age encryption secret key",
        "age",
        "AGE-SECRET-KEY-1",
        r"[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
        58,
        validator="bech32",
        severity=Severity.CRITICAL,
        kind="key",
        why="An age secret key decrypts every file encrypted to its recipient, including SOPS-encrypted secrets.",
    ),
    context(
        "wireguard-private-key",
        "WireGuard private key",
        "WireGuard",
        r"privatekey",
        r"[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=",
        positive=f"PrivateKey = {fake(42, B64, 'wg')}A=",
        negative="PrivateKey = <server-private-key>",
        severity=Severity.CRITICAL,
        kind="key",
    ),
    context(
        "kubeconfig-client-key",
        "Kubernetes client key in a kubeconfig",
        "Kubernetes",
        r"client-key-data",
        r"LS0tLS1CRUdJ[A-Za-z0-9+/=]{100,10000}",
        positive="    client-key-data: LS0tLS1CRUdJ" + fake(200, B64, "kube"),
        negative="    client-key-data: REDACTED",
        severity=Severity.CRITICAL,
        kind="key",
    ),
    prefixed("scalingo-token", "Scalingo API token", "Scalingo", "tk-us-", r"[A-Za-z0-9_\-]{48}", B64URL, 48),
    prefixed(
        "fastly-api-token",
        "Fastly API token",
        "Fastly",
        "",
        r"",
        B64URL,
        0,
        keyword="fastly",
        pattern=r"(?i:fastly)[\w.\-]{0,20}[\"']?\s{0,3}[:=]\s{0,3}[\"']?(?P<secret>[A-Za-z0-9_\-]{32})(?![A-Za-z0-9_\-])",
        positive=f'FASTLY_API_TOKEN="{fake(32, B64URL, "fastly")}"',
        negative='FASTLY_API_TOKEN=""',
        kind="context",
        confidence=0.75,
        min_entropy=3.5,
    ),
    prefixed("netlify-token", "Netlify personal access token", "Netlify", "nfp_", r"[A-Za-z0-9]{36}", ALNUM, 36),
    prefixed("vercel-token", "Vercel access token", "Vercel", "vcp_", r"[A-Za-z0-9]{56}", ALNUM, 56),
    token(
        "aws-bedrock-api-key",
        "Amazon Bedrock long-term API key",
        "Amazon Web Services",
        ("ABSKQmVkcm9ja0FQSUtleS",),  # `ABSK` + base64 of "BedrockAPIKey-"
        rf"{START}(?P<secret>ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{{40,300}}={{0,2}})(?![A-Za-z0-9+/=])",
        positive=f'AWS_BEARER_TOKEN_BEDROCK = "{_bedrock_long_term("bedrock")}"',
        negative="AWS_BEARER_TOKEN_BEDROCK = 'ABSK"
        + base64.b64encode(b"BedrockAPIKey-test-key-1234567890").decode()
        + "'",
        validator="bedrock-long-term",
        severity=Severity.HIGH,
        anchor="keyword",
        why="A long-term Bedrock API key is a service-specific credential of an IAM user: until it expires, anyone "
        "holding it can invoke models on the account's bill and reach whatever else that user's policies allow.",
        remediation="Delete the service-specific credential in IAM (or the Bedrock console's API keys page), check "
        "CloudTrail for calls made with it, and prefer short-term keys or IAM roles loaded at run time.",
        docs="https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html",
    ),
    token(
        "aws-bedrock-short-term-api-key",
        "Amazon Bedrock short-term API key",
        "Amazon Web Services",
        ("bedrock-api-key-",),
        r"(?P<secret>bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tL[A-Za-z0-9+/]{100,6000}={0,2})(?![A-Za-z0-9+/=])",
        positive=f'token = "{_bedrock_short_term("bedrock-st")}"',
        negative='AUTH_PREFIX = "bedrock-api-key-"',
        validator="bedrock-short-term",
        severity=Severity.MEDIUM,
        anchor="keyword",
        why="A short-term Bedrock API key is a presigned request carrying an IAM session's temporary credentials: "
        "for up to 12 hours anyone holding it can call Bedrock as that session.",
        remediation="Revoke the session it came from (IAM: revoke active sessions of the role or user), and generate "
        "short-term keys at run time instead of storing them.",
        docs="https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html",
    ),
    prefixed(
        "aws-appsync-api-key",
        "AWS AppSync GraphQL API key",
        "Amazon Web Services",
        "da2-",
        r"[a-z0-9]{26}",
        LOWER_NUM,
        26,
        severity=Severity.MEDIUM,
        confidence=0.8,
        why="An AppSync API key lets anyone run the GraphQL API's queries and mutations that API-key authorization "
        "allows, until the key expires; it is often shipped to browsers, but a server-side copy in a repository "
        "usually grants more than the public client needs.",
        remediation="Delete the key in the AppSync console (Settings > API keys), create a new one with a short "
        "expiry, and use Cognito or IAM authorization for anything beyond public reads.",
        docs="https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html",
    ),
    token(
        "akamai-edgegrid-token",
        "Akamai EdgeGrid client or access token",
        "Akamai",
        ("akab-",),
        # `.luna.akamaiapis.net` host names of the same shape are addresses, not credentials.
        rf"{START}(?P<secret>akab-[a-z0-9]{{16}}-[a-z0-9]{{16}})(?!\.luna){END}",
        positive="client_token = akab-" + fake(16, LOWER_NUM, "akab1") + "-" + fake(16, LOWER_NUM, "akab2"),
        negative="host = akab-"
        + fake(16, LOWER_NUM, "akab1")
        + "-"
        + fake(16, LOWER_NUM, "akab2")
        + ".luna.akamaiapis.net",
        severity=Severity.HIGH,
        anchor="keyword",
        why="EdgeGrid client and access tokens, with the client secret stored beside them in `.edgerc`, sign "
        "requests to Akamai's APIs: purge caches, change CDN and WAF configuration, read logs.",
        remediation="Delete the API client's credentials in Akamai Control Center (Identity and Access Management > "
        "API clients), create new ones, and keep `.edgerc` out of the repository.",
        docs="https://techdocs.akamai.com/developer/docs/set-up-authentication-credentials",
    ),
    prefixed(
        "docker-swarm-unlock-key",
        "Docker Swarm unlock key",
        "Docker",
        "SWMKEY-1-",
        r"[A-Za-z0-9+/]{43}",
        B64,
        43,
        pattern=rf"{START}(?P<secret>SWMKEY-1-[A-Za-z0-9+/]{{43}})(?![A-Za-z0-9+/=])",
        anchor="keyword",
        severity=Severity.HIGH,
        why="The unlock key decrypts an autolocked swarm's Raft log: with a manager's disk, it exposes every "
        "service secret and the TLS keys of the cluster.",
        remediation="Rotate it with `docker swarm unlock-key --rotate` on a manager and keep the new one in a "
        "password manager, never next to the cluster's configuration.",
        docs="https://docs.docker.com/engine/swarm/swarm_manager_locking/",
    ),
    token(
        "astra-db-application-token",
        "DataStax Astra DB application token",
        "DataStax",
        ("AstraCS:",),
        rf"{START}(?P<secret>AstraCS:[A-Za-z]{{24}}:[a-f0-9]{{64}}){END}",
        positive='ASTRA_DB_APPLICATION_TOKEN = "AstraCS:'
        + fake(24, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "astra")
        + ":"
        + fake(64, HEX, "astra2")
        + '"',
        negative='token: "AstraCS:your-token-here"',
        anchor="keyword",
        severity=Severity.HIGH,
        why="An Astra DB application token carries its role's rights on the organisation's databases: read and "
        "write every keyspace and vector collection it can reach.",
        remediation="Revoke the token in the Astra Portal (Settings > Tokens), generate one with the narrowest "
        "role, and load it from the environment.",
        docs="https://docs.datastax.com/en/astra-db-serverless/administration/manage-application-tokens.html",
    ),
    prefixed(
        "openshift-token",
        "OpenShift OAuth access token",
        "Red Hat OpenShift",
        "sha256~",
        r"[A-Za-z0-9_\-]{43}",
        B64URL,
        43,
        positive="oc login --token=sha256~" + fake(43, B64URL, "openshift") + " --server=https://api.example:6443",
        negative="oc login --token=sha256~<token> --server=https://api.example:6443",
        why="An OpenShift access token (`oc login --token=sha256~…`) acts as its user on the cluster API: "
        "deploy workloads, read secrets and config maps wherever that user's roles reach.",
        remediation="Delete the token (`oc delete oauthaccesstoken <name>` or the console's API tokens page), "
        "log in again, and use service-account tokens from the CI's secret store for automation.",
        docs="https://docs.openshift.com/container-platform/latest/authentication/managing-oauth-access-tokens.html",
    ),
]

# Nothing in this module should name a real account; the shape constants are only test inputs.
__all__ = ["BASE32", "DETECTORS"]
