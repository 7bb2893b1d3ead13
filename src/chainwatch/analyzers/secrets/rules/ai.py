"""AI model providers: keys that spend money per call and reach prompts, files and fine-tunes."""

from __future__ import annotations

from ....model import Severity
from ..detector import context
from ._build import ALNUM, B64URL, HEX, LOWER_NUM, fake, prefixed

_WHY = (
    "An AI provider key is billed per request and reaches the account's files, fine-tuned models and logs; "
    "leaked keys are harvested within minutes to resell model access."
)

DETECTORS = [
    prefixed(
        "openai-api-key",
        "OpenAI API key",
        "OpenAI",
        "sk-",
        r"(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{16,160}T3BlbkFJ[A-Za-z0-9_\-]{16,160}",
        ALNUM,
        0,
        positive='OPENAI_API_KEY = "sk-proj-' + fake(60, B64URL, "oai") + "T3BlbkFJ" + fake(60, B64URL, "oai2") + '"',
        negative='OPENAI_API_KEY = "sk-' + fake(20, ALNUM, "oai") + '"',
        severity=Severity.HIGH,
        why=_WHY,
        docs="https://platform.openai.com/api-keys",
    ),
    prefixed("anthropic-api-key", "Anthropic API key", "Anthropic", "sk-ant-", r"(?:api|admin)\d\d-[A-Za-z0-9_\-]{80,100}AA", B64URL, 0,
             positive='ANTHROPIC_API_KEY = "sk-ant-api03-' + fake(93, B64URL, "ant") + 'AA"', negative='ANTHROPIC_API_KEY = "sk-ant-api03-xyz"', why=_WHY),
    prefixed("huggingface-token", "Hugging Face access token", "Hugging Face", "hf_", r"[A-Za-z]{34}", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34,
             why="A Hugging Face token with write scope can replace model weights and Spaces that others download and run."),
    prefixed("huggingface-org-token", "Hugging Face organization API token", "Hugging Face", "api_org_", r"[A-Za-z]{34}", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34),
    prefixed("replicate-api-token", "Replicate API token", "Replicate", "r8_", r"[A-Za-z0-9]{37}", ALNUM, 37, why=_WHY),
    prefixed("groq-api-key", "Groq API key", "Groq", "gsk_", r"[A-Za-z0-9]{52}", ALNUM, 52, why=_WHY),
    prefixed("perplexity-api-key", "Perplexity API key", "Perplexity", "pplx-", r"[A-Za-z0-9]{48}", ALNUM, 48, why=_WHY),
    prefixed("xai-api-key", "xAI API key", "xAI", "xai-", r"[A-Za-z0-9]{80}", ALNUM, 80, why=_WHY),
    prefixed("openrouter-api-key", "OpenRouter API key", "OpenRouter", "sk-or-v1-", r"[a-f0-9]{64}", HEX, 64, why=_WHY),
    prefixed("langsmith-api-key", "LangSmith API key", "LangChain", "lsv2_", r"(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", HEX, 0,
             positive='LANGSMITH_API_KEY = "lsv2_pt_' + fake(32, HEX, "ls") + "_" + fake(10, HEX, "ls2") + '"', negative='LANGSMITH_API_KEY = "lsv2_pt_"'),
    prefixed("pinecone-api-key", "Pinecone API key", "Pinecone", "pcsk_", r"[A-Za-z0-9_]{50,100}", ALNUM + "_", 70),
    prefixed("deepseek-api-key", "DeepSeek API key", "DeepSeek", "", r"", HEX, 0, keyword="deepseek",
             pattern=r"(?i:deepseek)[\w.\-]{0,20}[\"']?\s{0,3}[:=]\s{0,3}[\"']?(?P<secret>sk-[a-f0-9]{32})(?![A-Za-z0-9])",
             positive=f'DEEPSEEK_API_KEY = "sk-{fake(32, HEX, "ds")}"', negative='DEEPSEEK_API_KEY = "sk-..."', kind="context", why=_WHY),
    context("cohere-api-key", "Cohere API key", "Cohere", r"cohere|co_api_key", r"[A-Za-z0-9]{40}",
            positive=f'COHERE_API_KEY = "{fake(40, ALNUM, "cohere")}"', negative='COHERE_API_KEY = os.environ["COHERE_API_KEY"]', min_entropy=3.5, why=_WHY),
    context("mistral-api-key", "Mistral AI API key", "Mistral AI", r"mistral", r"[A-Za-z0-9]{32}",
            positive=f'MISTRAL_API_KEY = "{fake(32, ALNUM, "mistral")}"', negative='MISTRAL_API_KEY = ""', min_entropy=3.5, why=_WHY),
    context("together-api-key", "Together AI API key", "Together AI", r"together_api|together_key|togetherai", r"[a-f0-9]{64}|tgp_v1_[A-Za-z0-9_\-]{43}",
            positive=f'TOGETHER_API_KEY = "{fake(64, HEX, "together")}"', negative='TOGETHER_API_KEY = None', min_entropy=3.0, why=_WHY),
    context("elevenlabs-api-key", "ElevenLabs API key", "ElevenLabs", r"elevenlabs|xi_api_key|xi-api-key", r"(?:sk_)?[a-f0-9]{32,48}",
            positive=f'ELEVENLABS_API_KEY = "sk_{fake(48, HEX, "11labs")}"', negative='ELEVENLABS_API_KEY = "<key>"', min_entropy=3.0, why=_WHY),
    context("assemblyai-api-key", "AssemblyAI API key", "AssemblyAI", r"assemblyai|assembly_ai", r"[a-f0-9]{32}",
            positive=f'ASSEMBLYAI_API_KEY = "{fake(32, HEX, "aai")}"', negative='ASSEMBLYAI_API_KEY = ""', min_entropy=3.0, why=_WHY),
    context("deepgram-api-key", "Deepgram API key", "Deepgram", r"deepgram", r"[a-f0-9]{40}",
            positive=f'DEEPGRAM_API_KEY = "{fake(40, HEX, "dg")}"', negative='DEEPGRAM_API_KEY = ""', min_entropy=3.0, why=_WHY),
    context("wandb-api-key", "Weights & Biases API key", "Weights & Biases", r"wandb", r"[a-f0-9]{40}",
            positive=f'WANDB_API_KEY = "{fake(40, HEX, "wandb")}"', negative='WANDB_API_KEY = "$WANDB_API_KEY"', min_entropy=3.0),
    context("stability-api-key", "Stability AI API key", "Stability AI", r"stability|stability_key|dreamstudio", r"sk-[A-Za-z0-9]{48}",
            positive=f'STABILITY_API_KEY = "sk-{fake(48, ALNUM, "stab")}"', negative='STABILITY_API_KEY = "sk-"', why=_WHY),
    context("azure-openai-key", "Azure OpenAI key", "Microsoft Azure OpenAI", r"azure_openai|azureopenai|aoai", r"[a-f0-9]{32}|[A-Za-z0-9]{84}",
            positive=f'AZURE_OPENAI_API_KEY = "{fake(32, HEX, "aoai")}"', negative='AZURE_OPENAI_API_KEY = ""', min_entropy=3.0, why=_WHY),
    context("voyage-api-key", "Voyage AI API key", "Voyage AI", r"voyage", r"pa-[A-Za-z0-9_\-]{40,50}",
            positive=f'VOYAGE_API_KEY = "pa-{fake(43, B64URL, "voyage")}"', negative='VOYAGE_API_KEY = "pa-"', why=_WHY),
    prefixed("fireworks-api-key", "Fireworks AI API key", "Fireworks AI", "fw_", r"[A-Za-z0-9]{24,48}", ALNUM, 24, confidence=0.8),
    context("google-gemini-key", "Google Gemini API key", "Google AI Studio", r"gemini|genai|google_ai", r"AIza[0-9A-Za-z_\-]{35}",
            positive=f'GEMINI_API_KEY = "AIza{fake(35, B64URL, "gemini")}"', negative='GEMINI_API_KEY = "AIza"', confidence=0.95, why=_WHY,
            kind="token"),
    context("anyscale-api-key", "Anyscale API key", "Anyscale", r"anyscale", r"esecret_[a-z0-9]{26}",
            positive=f'ANYSCALE_API_KEY = "esecret_{fake(26, LOWER_NUM, "anyscale")}"', negative='ANYSCALE_API_KEY = "esecret_"', why=_WHY),
]
