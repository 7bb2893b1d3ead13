"""Code hosts, package registries and CI: the keys to the supply chain itself."""

from __future__ import annotations

import base64

from ....model import Severity
from ..detector import Detector, context, token
from ._build import ALNUM, B64, B64URL, END, HEX, LOWER_NUM, START, crc_token, fake, prefixed

_GH_WHY = (
    "A GitHub token acts as its owner: with repo scope it can push code, change workflows and read private "
    "repositories — a direct path into everything built from them."
)
_GH_FIX = (
    "Revoke it at github.com/settings/tokens (or the app's settings), prefer fine-grained tokens with the least "
    "scope and an expiry, and in Actions use the built-in GITHUB_TOKEN or OIDC instead."
)


def _github(slug: str, title: str, prefix: str) -> Detector:
    value = crc_token(prefix, slug)
    return token(
        slug,
        title,
        "GitHub",
        (prefix + "_",),
        rf"{START}(?P<secret>{prefix}_[A-Za-z0-9]{{36}}){END}",
        positive=f'token = "{value}"',
        negative=f'token = "{prefix}_{fake(20, ALNUM, slug)}"',
        validator="crc32-base62",
        severity=Severity.CRITICAL,
        confidence=0.9,
        why=_GH_WHY,
        remediation=_GH_FIX,
        docs="https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/",
    )


_NPM_TOKEN = crc_token("npm", "npm")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


_PYPI_BODY = "AgEIcHlwaS5vcmc" + fake(150, B64URL, "pypi")


def _uuid4(seed: str) -> str:
    """A random-looking version-4 UUID (the version and variant digits fixed, as issuers generate them)."""
    body = fake(30, HEX, seed)
    return f"{body[:8]}-{body[8:12]}-4{body[12:15]}-8{body[15:18]}-{body[18:30]}"


DETECTORS = [
    _github("github-pat", "GitHub personal access token (classic)", "ghp"),
    _github("github-oauth-token", "GitHub OAuth access token", "gho"),
    _github("github-user-to-server-token", "GitHub App user-to-server token", "ghu"),
    _github("github-server-to-server-token", "GitHub App installation token", "ghs"),
    _github("github-refresh-token", "GitHub refresh token", "ghr"),
    token(
        "github-fine-grained-pat",
        "GitHub fine-grained personal access token",
        "GitHub",
        ("github_pat_",),
        rf"{START}(?P<secret>github_pat_[A-Za-z0-9]{{22}}_[A-Za-z0-9]{{59}}){END}",
        positive='token = "github_pat_' + fake(22, ALNUM, "fg") + "_" + fake(59, ALNUM, "fg2") + '"',
        negative='token = "github_pat_' + fake(10, ALNUM, "fg") + '"',
        severity=Severity.CRITICAL,
        why=_GH_WHY,
        remediation=_GH_FIX,
    ),
    context(
        "github-legacy-token",
        "GitHub token (legacy 40-hex format)",
        "GitHub",
        r"github|gh_token|gh_pat",
        r"[a-f0-9]{40}",
        positive=f'GITHUB_TOKEN = "{fake(40, HEX, "ghold")}"',
        negative='GITHUB_TOKEN = "${{ secrets.GITHUB_TOKEN }}"',
        min_entropy=3.0,
        why=_GH_WHY,
        remediation=_GH_FIX,
    ),
    prefixed(
        "gitlab-pat",
        "GitLab personal access token",
        "GitLab",
        "glpat-",
        r"[A-Za-z0-9_\-]{20,60}(?:\.[a-z0-9]{2}\.[a-z0-9]{9})?",
        B64URL,
        20,
        severity=Severity.CRITICAL,
    ),
    prefixed("gitlab-deploy-token", "GitLab deploy token", "GitLab", "gldt-", r"[A-Za-z0-9_\-]{20,60}", B64URL, 20),
    prefixed(
        "gitlab-runner-token",
        "GitLab runner authentication token",
        "GitLab",
        "glrt-",
        r"[A-Za-z0-9_\-]{20,60}(?:\.[a-z0-9]{2}\.[a-z0-9]{9})?",
        B64URL,
        20,
    ),
    prefixed(
        "gitlab-runner-registration-token",
        "GitLab runner registration token",
        "GitLab",
        "GR1348941",
        r"[A-Za-z0-9_\-]{20,40}",
        B64URL,
        20,
    ),
    prefixed(
        "gitlab-pipeline-trigger-token", "GitLab pipeline trigger token", "GitLab", "glptt-", r"[a-f0-9]{40}", HEX, 40
    ),
    prefixed(
        "gitlab-ci-job-token",
        "GitLab CI/CD job token",
        "GitLab",
        "glcbt-",
        r"[A-Za-z0-9_\-]{1,5}_[A-Za-z0-9_\-]{20,40}",
        B64URL,
        0,
        positive='CI_JOB_TOKEN="glcbt-64_' + fake(20, B64URL, "glcbt") + '"',
        negative='CI_JOB_TOKEN="glcbt-"',
        severity=Severity.MEDIUM,
    ),
    prefixed(
        "gitlab-oauth-app-secret",
        "GitLab OAuth application secret",
        "GitLab",
        "gloas-",
        r"[A-Za-z0-9_\-]{64}",
        B64URL,
        64,
    ),
    prefixed("gitlab-scim-token", "GitLab SCIM token", "GitLab", "glsoat-", r"[A-Za-z0-9_\-]{20,40}", B64URL, 20),
    prefixed(
        "gitlab-feature-flag-token",
        "GitLab feature-flag client token",
        "GitLab",
        "glffct-",
        r"[A-Za-z0-9_\-]{20,40}",
        B64URL,
        20,
        severity=Severity.MEDIUM,
    ),
    prefixed(
        "gitlab-incoming-mail-token",
        "GitLab incoming mail token",
        "GitLab",
        "glimt-",
        r"[A-Za-z0-9_\-]{25}",
        B64URL,
        25,
        severity=Severity.MEDIUM,
    ),
    prefixed(
        "gitlab-agent-token", "GitLab Kubernetes agent token", "GitLab", "glagent-", r"[A-Za-z0-9_\-]{50,}", B64URL, 50
    ),
    prefixed(
        "bitbucket-app-password",
        "Bitbucket app password",
        "Bitbucket",
        "ATBB",
        r"[A-Za-z0-9_=.\-]{28}[A-F0-9]{8}",
        ALNUM,
        0,
        positive='BITBUCKET_APP_PASSWORD = "ATBB' + fake(28, ALNUM, "bb") + fake(8, "0123456789ABCDEF", "bb2") + '"',
        negative='BITBUCKET_APP_PASSWORD = "ATBB"',
        severity=Severity.CRITICAL,
    ),
    prefixed(
        "atlassian-api-token", "Atlassian API token", "Atlassian", "ATATT3", r"[A-Za-z0-9_\-=]{150,250}", B64URL, 186
    ),
    prefixed(
        "atlassian-cloud-repo-token",
        "Bitbucket / Atlassian access token",
        "Atlassian",
        "ATCTT3",
        r"[A-Za-z0-9_\-=]{150,250}",
        B64URL,
        186,
    ),
    context(
        "bitbucket-client-secret",
        "Bitbucket OAuth consumer secret",
        "Bitbucket",
        r"bitbucket",
        r"[A-Za-z0-9]{32}",
        positive=f'BITBUCKET_CLIENT_SECRET = "{fake(32, ALNUM, "bbsecret")}"',
        negative='BITBUCKET_CLIENT_SECRET = "$BITBUCKET_CLIENT_SECRET"',
        min_entropy=3.5,
    ),
    prefixed(
        "sourcegraph-token",
        "Sourcegraph access token",
        "Sourcegraph",
        "sgp_",
        r"(?:[a-f0-9]{16}_|local_)?[a-f0-9]{40}",
        HEX,
        40,
    ),
    token(
        "pypi-api-token",
        "PyPI API token",
        "PyPI",
        ("pypi-AgEIcHlwaS5vcmc",),
        rf"{START}(?P<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{{50,1000}}){END}",
        positive=f"password = pypi-{_PYPI_BODY}",
        negative="password = pypi-AgEIcHlwaS5vcmcXX",
        validator="pypi-macaroon",
        severity=Severity.CRITICAL,
        why="A PyPI API token can upload new releases of the projects it is scoped to: one leak is enough to "
        "ship malware to everyone who installs them.",
        remediation="Delete the token at pypi.org/manage/account/token/, publish with Trusted Publishing (OIDC) "
        "instead of long-lived tokens, and check the projects' release history.",
    ),
    token(
        "pypi-test-api-token",
        "TestPyPI API token",
        "TestPyPI",
        ("pypi-AgENdGVzdC5weXBpLm9yZw",),
        rf"{START}(?P<secret>pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_\-]{{50,1000}}){END}",
        positive="password = pypi-AgENdGVzdC5weXBpLm9yZw" + fake(150, B64URL, "testpypi"),
        negative="password = pypi-AgENdGVzdC5weXBpLm9yZwXX",
        validator="pypi-macaroon",
        severity=Severity.MEDIUM,
    ),
    token(
        "npm-access-token",
        "npm access token",
        "npm",
        ("npm_",),
        rf"{START}(?P<secret>npm_[A-Za-z0-9]{{36}}){END}",
        positive=f"//registry.npmjs.org/:_authToken={_NPM_TOKEN}",
        negative="//registry.npmjs.org/:_authToken=npm_" + fake(12, ALNUM, "npm"),
        validator="crc32-base62",
        severity=Severity.CRITICAL,
        why="An npm token can publish packages as its owner; stolen npm tokens have repeatedly been used to push "
        "malicious versions of popular packages.",
        remediation="Revoke it with `npm token revoke` or on npmjs.com, use granular tokens or trusted publishing, "
        "and keep `.npmrc` auth out of repositories (use NPM_TOKEN from the CI secret store).",
    ),
    token(
        "npmrc-auth",
        "npm registry credential in .npmrc",
        "npm",
        ("_authtoken", "_auth", "_password"),
        r"(?:^|:)(?i:_authToken|_auth|_password)[ \t]{0,2}=[ \t]{0,2}[\"']?(?P<secret>[A-Za-z0-9+/=_\-]{16,200})",
        positive="//registry.example.org/:_authToken=" + "-".join(fake(n, HEX, "npmrc") for n in (8, 4, 4, 4, 12)),
        negative="//registry.example.org/:_authToken=${NPM_TOKEN}",
        min_entropy=3.0,
        severity=Severity.HIGH,
        confidence=0.85,
    ),
    prefixed("nuget-api-key", "NuGet API key", "NuGet", "oy2", r"[a-z0-9]{43}", LOWER_NUM, 43, confidence=0.85),
    prefixed(
        "dockerhub-pat",
        "Docker Hub personal access token",
        "Docker Hub",
        "dckr_pat_",
        r"[A-Za-z0-9_\-]{27}",
        B64URL,
        27,
        severity=Severity.CRITICAL,
    ),
    prefixed(
        "dockerhub-oat",
        "Docker Hub organization access token",
        "Docker Hub",
        "dckr_oat_",
        r"[A-Za-z0-9_\-]{32}",
        B64URL,
        32,
        severity=Severity.CRITICAL,
    ),
    token(
        "docker-config-auth",
        "Registry credential in a Docker config.json",
        "Docker",
        ('"auth"',),
        r"\"auth\"\s{0,3}:\s{0,3}\"(?P<secret>[A-Za-z0-9+/]{8,400}={0,2})\"",
        positive='{"auths": {"registry.example.org": {"auth": "' + _b64("deploy:" + fake(20, ALNUM, "dcfg")) + '"}}}',
        negative='{"auths": {"registry.example.org": {"auth": ""}}}',
        validator="basic-auth",
        severity=Severity.HIGH,
    ),
    prefixed(
        "rubygems-api-key",
        "RubyGems API key",
        "RubyGems",
        "rubygems_",
        r"[a-f0-9]{48}",
        HEX,
        48,
        severity=Severity.CRITICAL,
    ),
    prefixed(
        "crates-io-token", "crates.io API token", "crates.io", "cio", r"[A-Za-z0-9]{32}", ALNUM, 32, confidence=0.8
    ),
    prefixed("clojars-token", "Clojars deploy token", "Clojars", "CLOJARS_", r"[a-z0-9]{60}", LOWER_NUM, 60),
    prefixed("artifactory-api-key", "JFrog Artifactory API key", "JFrog", "AKCp", r"[A-Za-z0-9]{69}", ALNUM, 69),
    prefixed(
        "artifactory-reference-token",
        "JFrog reference token",
        "JFrog",
        "cmVmdGtuOjAxOj",
        r"[A-Za-z0-9]{50,70}",
        ALNUM,
        50,
    ),
    prefixed(
        "sonarqube-token",
        "SonarQube / SonarCloud token",
        "SonarSource",
        "sq",
        r"[pua]_[a-f0-9]{40}",
        HEX,
        0,
        positive='SONAR_TOKEN = "sqp_' + fake(40, HEX, "sonar") + '"',
        negative='SONAR_TOKEN = "sqp_"',
        keyword="sq",
    ),
    prefixed(
        "circleci-pat",
        "CircleCI personal API token",
        "CircleCI",
        "CCIPAT_",
        r"[A-Za-z0-9]{22}_[a-f0-9]{40}",
        ALNUM,
        0,
        positive='CIRCLE_TOKEN = "CCIPAT_' + fake(22, ALNUM, "cci") + "_" + fake(40, HEX, "cci2") + '"',
        negative='CIRCLE_TOKEN = "CCIPAT_"',
    ),
    prefixed("buildkite-token", "Buildkite API access token", "Buildkite", "bkua_", r"[a-f0-9]{40}", HEX, 40),
    prefixed("prefect-api-key", "Prefect Cloud API key", "Prefect", "pnu_", r"[A-Za-z0-9]{36}", ALNUM, 36),
    prefixed("readme-api-key", "ReadMe API key", "ReadMe", "rdme_", r"[a-z0-9]{70}", LOWER_NUM, 70),
    prefixed("infracost-api-key", "Infracost API key", "Infracost", "ico-", r"[A-Za-z0-9]{32}", ALNUM, 32),
    prefixed(
        "postman-api-key",
        "Postman API key",
        "Postman",
        "PMAK-",
        r"[a-f0-9]{24}-[a-f0-9]{34}",
        HEX,
        0,
        positive='POSTMAN_API_KEY="PMAK-' + fake(24, HEX, "pm") + "-" + fake(34, HEX, "pm2") + '"',
        negative='POSTMAN_API_KEY="PMAK-"',
    ),
    prefixed(
        "jenkins-api-token",
        "Jenkins API token",
        "Jenkins",
        "",
        r"",
        HEX,
        0,
        keyword="jenkins",
        pattern=r"(?i:jenkins[\w.\-]{0,20}(?:token|key|password))[\"']?\s{0,3}[:=]\s{0,3}[\"']?(?P<secret>11[a-f0-9]{32})(?![A-Za-z0-9])",
        positive=f'JENKINS_API_TOKEN="11{fake(32, HEX, "jenkins")}"',
        negative='JENKINS_API_TOKEN=""',
        kind="context",
    ),
    prefixed(
        "codecov-token",
        "Codecov upload token",
        "Codecov",
        "",
        r"",
        HEX,
        0,
        keyword="codecov",
        pattern=r"(?i:codecov)[\w.\-]{0,20}[\"']?\s{0,3}[:=]\s{0,3}[\"']?(?P<secret>[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})(?![A-Za-z0-9])",
        positive="CODECOV_TOKEN=" + "-".join(fake(n, HEX, "codecov") for n in (8, 4, 4, 4, 12)),
        negative="CODECOV_TOKEN=${{ secrets.CODECOV }}",
        kind="context",
        severity=Severity.MEDIUM,
        confidence=0.75,
    ),
    prefixed(
        "snyk-token",
        "Snyk API token",
        "Snyk",
        "",
        r"",
        HEX,
        0,
        keyword="snyk",
        pattern=r"(?i:snyk)[\w.\-]{0,20}[\"']?\s{0,3}[:=]\s{0,3}[\"']?(?P<secret>[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})(?![A-Za-z0-9])",
        positive="SNYK_TOKEN=" + "-".join(fake(n, HEX, "snyk") for n in (8, 4, 4, 4, 12)),
        negative="SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}",
        kind="context",
        confidence=0.75,
    ),
    prefixed(
        "launchdarkly-key",
        "LaunchDarkly API / SDK key",
        "LaunchDarkly",
        "",
        r"",
        HEX,
        0,
        keyword="launchdarkly",
        pattern=r"(?i:launchdarkly)[\w.\-]{0,20}[\"']?\s{0,3}[:=]\s{0,3}[\"']?(?P<secret>(?:api|sdk)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})(?![A-Za-z0-9])",
        positive="LAUNCHDARKLY_SDK_KEY=sdk-" + "-".join(fake(n, HEX, "ld") for n in (8, 4, 4, 4, 12)),
        negative="LAUNCHDARKLY_SDK_KEY=sdk-",
        kind="context",
    ),
    prefixed(
        "wakatime-api-key",
        "WakaTime API key",
        "WakaTime",
        "waka_",
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        HEX,
        0,
        positive="api_key = waka_" + _uuid4("wakatime"),
        negative="api_key = waka_your-wakatime-api-key-xyz",
        severity=Severity.MEDIUM,
        why="A WakaTime API key reads the account's coding activity (projects, file names, branches, hours) and "
        "can send heartbeats as the user.",
        remediation="Regenerate the key on the WakaTime settings page and keep `~/.wakatime.cfg` out of repositories "
        "and dotfile backups.",
        docs="https://wakatime.com/developers",
    ),
    # PostHog project keys (`phc_`) are public by design (every page that loads posthog-js sends one) and are
    # deliberately not reported; personal API keys (`phx_`) read and change the organisation's data.
    prefixed(
        "posthog-personal-api-key",
        "PostHog personal API key",
        "PostHog",
        "phx_",
        r"[A-Za-z0-9]{30,64}",
        ALNUM,
        47,
        min_entropy=3.5,
        severity=Severity.HIGH,
        why="A PostHog personal API key acts as its user on every project it is scoped to: export events and "
        "recordings of end users, change feature flags that production code obeys.",
        remediation="Roll or delete the key in PostHog (Settings > Personal API keys) and scope new keys to the "
        "projects and permissions a script needs.",
        docs="https://posthog.com/docs/api",
    ),
    prefixed(
        "wundergraph-cosmo-api-key",
        "WunderGraph Cosmo API key",
        "WunderGraph",
        "cosmo_",
        r"[a-f0-9]{32}",
        HEX,
        32,
        why="A Cosmo API key publishes and deletes subgraphs and federated graphs of the organisation: it can "
        "change the schema every router serves.",
        remediation="Delete the key in Cosmo Studio (API keys), create a new one with the least permissions and an "
        "expiry, and load it from the CI secret store.",
        docs="https://cosmo-docs.wundergraph.com/studio/api-keys",
    ),
    prefixed(
        "apify-api-token",
        "Apify API token",
        "Apify",
        "apify_api_",
        r"[A-Za-z0-9]{30,40}",
        ALNUM,
        36,
        min_entropy=3.5,
        why="An Apify API token runs actors on the account's bill and reads every dataset, key-value store and "
        "scraped result of the account.",
        remediation="Delete the token in Apify Console (Settings > API & Integrations), create a scoped one, and "
        "keep it in the platform's secret inputs.",
        docs="https://docs.apify.com/platform/integrations/api",
    ),
]

__all__ = ["B64", "DETECTORS"]
