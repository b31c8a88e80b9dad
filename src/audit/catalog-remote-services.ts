import { type CatalogEntry, p } from './catalog-entry.ts';

/** What a tool can do elsewhere with the owner's reach: cloud, network, secrets, messages, money, browsers, paid AI. */
export const REMOTE_SERVICE_ENTRIES: readonly CatalogEntry[] = [
  {
    id: 'cloud-infrastructure',
    title: 'Cloud and infrastructure control',
    severity: 'high',
    cwe: ['CWE-284', 'CWE-269'],
    owaspMcp: ['MCP02', 'MCP07'],
    risk: 'Inspects or changes cloud accounts, clusters or CI/CD: takeover of infrastructure and its credentials.',
    remediation:
      'Require authentication, give the server a narrowly scoped, read-only cloud role where possible, and audit every call.',
    name: [
      p(/\b(kubectl|k8s|kubernetes|helm|pod|pods|cluster|node management|port forward)\b/, 0.9),
      p(
        /\b(ec2|s3|lambda|gcp|gke|aks|eks|azure|terraform|docker|container|cloudformation|heroku|droplet)\b/,
        0.7,
      ),
      p(
        /\b(worker|workers|bucket|buckets|r2|d1|kvs?|zone|zones|queue|dns|cron|route|routes|dispatch namespace|service binding|wrangler|namespace|namespaces|durable object|do)\b/,
        0.5,
      ),
      p(/\b(pipeline|workflow|build|job|artifact|artifacts|rollback|deploy|deployment|rollout)s?\b/, 0.4),
    ],
    description: [
      p(
        /\b(kubernetes|kubectl|helm chart|helm release|pods?|clusters?|daemonset|statefulset|deployments?)\b/,
        0.8,
      ),
      p(
        /\b(cloudflare|aws|amazon web services|gcp|google cloud|azure|heroku|vercel|netlify|digitalocean|ec2|lambda|cloud run)\b/,
        0.4,
      ),
      p(/\b(circleci|github actions|jenkins|gitlab ci|travis|buildkite)\b/, 0.4),
      p(/\b(ci\/cd|ci pipeline|build failures?|pipeline|pipelines|workflow run)\b/, 0.6),
      p(
        /\b(workers?|durable objects?|r2 buckets?|buckets?|d1 databases?|kv namespaces?|queues|dispatch namespace|custom domains?|service binding|cron trigger|wrangler|zones?|dns records?)\b/,
        0.6,
      ),
      p(/\b(a|new|specific) queue\b/, 0.6),
      p(/\bin your account\b/, 0.3),
      p(/\b(deploy|redeploy|rollback|rollout|scale|provision)\b/, 0.4),
    ],
    schemaProperty: [
      p(
        /^(namespace|namespace_?id|zone_?id|cluster|cluster_?name|region|bucket|bucket_?name|project_?slug|workflow_?id|pipeline_?id|script_?name|pod|pod_?name|container|kube_?context|account_?id|queue_?id)$/i,
        0.4,
      ),
    ],
    // A CRM's sales pipelines, lists and deals are records, not build pipelines or queues.
    context: [p(/\b(crm|sales pipelines?|companies|contacts|leads|deals)\b/, -0.6)],
  },
  {
    id: 'network-fetch',
    title: 'Outbound network fetch (SSRF)',
    severity: 'high',
    cwe: ['CWE-918'],
    owaspMcp: ['MCP05', 'MCP10'],
    risk: 'Fetches caller-chosen URLs from the server’s network position: SSRF into internal services and cloud metadata.',
    remediation:
      'Require authentication; restrict destinations with an allow-list and block private, loopback and link-local addresses (including cloud metadata endpoints).',
    name: [
      p(
        /\b(fetch|scrape|crawl|navigate(?! back| forward)|http get|http post|http request|curl|wget|download url|open url|browse)\b/,
        0.6,
      ),
      p(/\b(web fetch|fetch url|url fetch)\b/, 0.9),
    ],
    description: [
      p(
        /\b(fetch|fetches|scrape|scrapes|crawl|crawls|read|reads|navigate|navigates|open|opens|extract content from|map)( to)?( one| a| the| any| multiple)? (urls?|web ?pages?|websites?|web sites?|links?|pages? from urls?)\b/,
        0.8,
      ),
      p(/\b(perform|send|make)s? an? http (get|post|put|patch|delete|head)?\s?request\b/, 0.9),
      p(/\bfrom (known )?urls?\b/, 0.6),
      p(/\b(files and urls|file or url)\b/, 0.6),
      p(/\burls? (indexed )?under one website\b/, 0.6),
      p(/\brecurring (scrape|crawl)\b/, 0.6),
      p(/\b(navigates|reads|browses|navigate|browse)( a| the)? (pages|page|websites?)\b/, 0.5),
      p(/\b(navigate|browse|visit)s?\b[^.]{0,30}\bweb ?pages?\b/, 0.5),
      p(/\bdownloads? (a|the) (file|page) from\b/, 0.6),
      p(/\b(scrape|crawl|monitor)\b.{0,60}\b(pages?|targets?)\b/, 0.3),
      // A player or downloader is a fetcher once an input says its source may be a URL.
      p(
        /\b(play|plays|stream|streams|download|downloads)( an?| the)? (audio|video|media) (files?|streams?)\b/,
        0.2,
      ),
    ],
    schemaProperty: [p(/^(url|urls|uri|href|page|pages|target_?url|start_?url|is_?url)$/i, 0.4)],
    annotations: { openWorldHint: { ifFalse: -0.3 } },
  },
  {
    id: 'secrets-credentials',
    title: 'Secrets and credentials',
    severity: 'high',
    cwe: ['CWE-522', 'CWE-200'],
    owaspMcp: ['MCP01'],
    risk: 'Reads or manages secrets, tokens or environment variables: stolen credentials unlock everything else.',
    remediation:
      'Never expose secret-reading tools; if secret management is needed, require strong authentication and return metadata, not values.',
    name: [
      p(
        /\b(secret|secrets|credential|credentials|password|passwords|api key|api keys|apikey|vault|kms|keychain|access token|private key)\b/,
        1,
      ),
      p(/\b(env|environment|env var|env vars)\b/, 0.2),
    ],
    description: [
      // A bare mention is not enough on its own: many tools talk about the token they run with.
      p(/\b(secrets?|credentials?|passwords?|api keys?|access tokens?|private keys?)\b/, 0.4),
      p(/\b(vault|password manager|keychain|keyring)\b/, 0.3),
      // Items of a password manager, whether called vault items or by the manager's name.
      p(
        /\b(vault|password|login|secure note|1password|bitwarden|lastpass|keepass|dashlane|keeper) items?\b/,
        0.6,
      ),
      p(/\bitems?\b[^.]{0,60}\b(in|from|to|within|into) (your |the |an? )?([\w-]+ )?vaults?\b/, 0.6),
      // Unlocking a vault makes its secrets readable; locking or syncing it does not.
      p(/\b(unlock|unlocks)( the| your)? ([\w-]+ )?vault\b/, 0.6),
      // Doing something to a credential, not just mentioning one.
      p(
        /\b(generate|generates|create|creates|store|stores|save|saves|rotate|rotates|reveal|reveals|retrieve|retrieves|update|updates|delete|deletes|read|reads)( a| an| the| new| all)?( [\w-]+)? (passwords?|passphrases?|secrets?|credentials?|api keys?|access tokens?|private keys?)\b/,
        0.6,
      ),
      p(/\b(secrets?|credentials?) injected\b|\binject(s|ed|ing)? (\w+ )?(secrets?|credentials?)\b/, 0.6),
      // OAuth clients and signing keys are credentials: creating or setting them hands out access.
      p(/\b(client|signing|webhook signing)[ _]secrets?\b/, 0.6),
      // Reading the environment leaks what is in it; setting a variable does not, and the variables
      // "for a Worker" or "of a project" are a remote resource's configuration, not this process's.
      p(/\benvironment variables?\b/, 0.2),
      p(
        /\b(return|returns|read|reads|dump|dumps|print|prints|show|shows|list|lists|get|gets)( all| the)?( process)? environment variables\b(?! (for|of) (an?|the) )/,
        0.6,
      ),
    ],
    schemaProperty: [
      p(/^(secret|secret_?name|secret_?value|password|api_?key|token|credential|private_?key)$/i, 0.4),
      // An input that carries secret values or points at one: the tool sets or resolves a secret.
      p(/^(secrets|signing_?secret|client_?secret|secret_?reference|secret_?ref)$/i, 0.5),
    ],
    context: [
      // Disclaimers ("never exposes credentials"), metadata about credential formats, the password of
      // a shared link, a subscription to a product called "Secrets Manager", a vault of Markdown notes.
      p(
        /\b(never|not|no|without)\b[^.]{0,60}\b(expose|exposes|require|requires|need|needs)\b[^.]{0,12}\b(credentials?|secrets?|api keys?)\b/,
        -0.6,
      ),
      p(/\bnon-sensitive\b/, -0.6),
      p(/\b(schema|schemas)\b/, -0.6),
      p(/\b(access|share|link) password\b|\bpassword[- ]protected\b/, -0.6),
      p(/\b(subscriptions?|billing|seats)\b/, -0.6),
      p(/\b(obsidian|logseq|markdown)\b/, -0.6),
    ],
  },
  {
    id: 'messaging-email',
    title: 'Messaging and email',
    severity: 'medium',
    cwe: ['CWE-284', 'CWE-200'],
    owaspMcp: ['MCP10', 'MCP02'],
    risk: 'Sends or reads messages as the owner (chat, email, SMS): phishing from a trusted account and leaks of private conversations.',
    remediation:
      'Require authentication and per-principal authorization; require a human confirmation before sending on the owner’s behalf.',
    name: [
      p(
        /\b(email|emails|mail|sms|mms|send message|post message|send mail|send email|inbox|whatsapp|telegram|discord)\b/,
        1,
      ),
      p(/\b(slack|teams|chat|channel|channels|thread|threads|reply|reaction|message|messages|dm)\b/, 0.4),
    ],
    description: [
      p(
        /\b(send|sends|post|posts|reply|replies)( a| an)?( new)? (message|email|e-mail|sms|text message|reply|dm)\b/,
        0.6,
      ),
      p(/\b(messages?|emails?|e-mails?|sms|inbox|channels?|message threads?|reactions?)\b/, 0.4),
      p(/\b(slack|discord|telegram|whatsapp|microsoft teams|twilio)\b/, 0.3),
      p(/\b(gmail|outlook|mailbox|sendgrid|mailgun)\b/, 0.5),
      p(/\b(email|e-mail|mail) (attachments?|labels?|filters?|folders?|threads?|drafts?)\b/, 0.6),
    ],
    schemaProperty: [
      p(
        /^(channel|channel_?id|thread_?ts|thread_?id|recipient|recipients|to|cc|bcc|subject|chat_?id|message)$/i,
        0.3,
      ),
    ],
    // Message queues and browser console messages are not messages to people.
    context: [p(/\b(queues?|console)\b/, -0.6)],
  },
  {
    id: 'payments-finance',
    title: 'Payments and finance',
    severity: 'high',
    cwe: ['CWE-284', 'CWE-639'],
    owaspMcp: ['MCP02', 'MCP07'],
    risk: 'Moves money or manages invoices, orders, refunds and subscriptions: direct financial loss and fraud.',
    remediation:
      'Require authentication with per-principal authorization, enforce amount limits, and require human approval for money-moving operations.',
    name: [
      p(
        /\b(payment|payments|pay|invoice|invoices|refund|refunds|payout|payouts|dispute|disputes|charge|charges|billing|checkout|transfer funds)\b/,
        0.8,
      ),
      p(/\b(transaction|transactions|subscription|subscriptions|order|orders|balance)\b/, 0.3),
    ],
    description: [
      p(
        /\b(payments?|invoices?|refunds?|payouts?|disputes?|chargebacks?|billing|checkout|recurring payments?|capture funds)\b/,
        0.7,
      ),
      p(/\b(paypal|stripe|square|adyen|braintree|razorpay)\b/, 0.3),
      p(/\b(transactions?|subscriptions?|orders?)\b/, 0.2),
    ],
    schemaProperty: [
      p(
        /^(amount|currency|currency_?code|invoice_?id|capture_?id|refund_?id|payment_?id|dispute_?id|subscription_?id|plan_?id)$/i,
        0.4,
      ),
    ],
  },
  {
    id: 'browser-automation',
    title: 'Browser automation',
    severity: 'high',
    cwe: ['CWE-918', 'CWE-284'],
    owaspMcp: ['MCP05', 'MCP10'],
    risk: 'Drives a real browser: it reaches internal sites, acts in logged-in sessions, and can be steered by page content.',
    remediation:
      'Require authentication; run the browser in an isolated profile and network without access to internal services or saved sessions.',
    name: [
      p(/\bbrowser\w*/, 0.6),
      p(/\b(puppeteer|playwright|selenium|chromium|webdriver)\b/, 0.4),
      p(
        /\b(click|hover|fill|screenshot|scroll|drag|press key|select option|iframe|navigate|go back|go forward|codegen)\b/,
        0.4,
      ),
    ],
    description: [
      p(/\b(browser session|browser console|the browser|playwright|puppeteer|selenium)\b/, 0.6),
      p(/\b(browser|viewport|iframe|dom|dialog|element on the page|on the page)\b/, 0.4),
      p(/\b(web page|webpage|page|element|tab)\b/, 0.15),
    ],
    schemaProperty: [
      p(/^(selector|element|iframe_?selector|ref|source_?selector|target_?selector|start_?element)$/i, 0.3),
    ],
  },
  {
    id: 'paid-compute',
    title: 'Paid AI or compute (denial of wallet)',
    severity: 'medium',
    cwe: ['CWE-770', 'CWE-400'],
    owaspMcp: ['MCP02', 'MCP07'],
    risk: 'Runs paid AI models or research agents billed to the owner: anyone can run up the bill (denial of wallet).',
    remediation:
      'Require authentication, set per-principal rate limits and budgets, and cap the owner’s spend with the provider.',
    name: [
      p(
        /\b(inference|embedding|embeddings|llm|gpt|completion|completions|text generation|image generation|generate image|generate images|generate video|text to speech|transcribe)\b/,
        0.8,
      ),
      // Media generators named by what they turn into what, and voice cloning or design.
      p(/\b(text|image|speech) to (speech|audio|image|video|music)\b|\bvoice (clone|cloning|design)\b/, 0.8),
      p(/\bdeep research\b/, 0.8),
      // A "prediction" or a "training" is a billed run of a hosted model.
      p(/\b(create|run|start)( \w+)? predictions?\b/, 0.6),
      p(/\b(create|run|start)( \w+)? (trainings?|fine tunes?|fine tuning|finetunes?)\b/, 0.6),
    ],
    description: [
      p(
        /\b(generate|generates|create|creates)( an?)? (images?|text|embeddings|videos?|audio|speech|voices?|music|songs?)\b/,
        0.7,
      ),
      p(/\b(run|runs) inference\b/, 0.8),
      p(/\b(research agent|deep(,? [\w-]+)? research|comprehensive research)\b/, 0.6),
      p(
        /\b(start|starts|create|creates|run|runs)( a)?( new)? (training|fine-?tuning)( job| run)? (of|for|on)\b/,
        0.7,
      ),
      // Answers written by a model that searched the web for them.
      p(/\bweb[- ]grounded\b|\bweb grounding\b|\bgrounded (ai|answers?|generation)\b/, 0.6),
      // Dedicated model hardware bills while it runs.
      p(/\b(gpus?|accelerators?)\b/, 0.3),
      p(/\bhardware\b[^.]{0,40}\binstances\b/, 0.3),
      p(/\b(incur|incurs) (costs?|charges|fees)\b/, 0.3),
      p(/\b(ai|llm|gemini|gpt|claude|openai|computer use|autonomous) agents?\b/, 0.6),
      p(/\b(llm|large language model|ai models?|language models?)\b/, 0.25),
    ],
    schemaProperty: [
      p(/^(model|prompt|max_?credits|max_?tokens|image_?count)$/i, 0.1),
      p(/^(hardware|gpu|gpus|gpu_?type|gpu_?count|accelerator)$/i, 0.4),
    ],
    // A demo that simulates an agent spends nothing.
    context: [p(/\b(simulates?|simulated|simulation of|mock|mocked)\b/, -0.6)],
  },
];
