import type { Severity } from './finding.ts';

/**
 * The capability catalog: what a tool can do, recognised from its name, description and input schema.
 * This file is data, not logic: classify-tool.ts scores every category the same way from these lists.
 * Precision and recall against a hand-labelled corpus of real tools are in docs/capability-catalog.md.
 */

export const CAPABILITY_CATEGORIES = [
  'command-execution',
  'code-execution',
  'file-read',
  'file-write',
  'database-query',
  'cloud-infrastructure',
  'network-fetch',
  'secrets-credentials',
  'messaging-email',
  'payments-finance',
  'browser-automation',
  'paid-compute',
] as const;

export type CapabilityCategory = (typeof CAPABILITY_CATEGORIES)[number];

/** One signal: a pattern and how much it adds to (or, negative, takes from) the category's score. */
export interface WeightedPattern {
  pattern: RegExp;
  weight: number;
}

export interface CatalogEntry {
  id: CapabilityCategory;
  title: string;
  /** Severity of exposing this capability to anyone who can reach the server. */
  severity: Severity;
  cwe: string[];
  owaspMcp: string[];
  /** Why an exposed tool of this kind is dangerous, in one sentence (used in findings and docs). */
  risk: string;
  remediation: string;
  /** Matched against the tool name (and title) split into lower-case words: `readTextFile` -> `read text file`. */
  name: WeightedPattern[];
  /** Matched against the lower-cased description; matches past the lead are worth half. */
  description: WeightedPattern[];
  /** Matched against every input property name (nested too), exactly as written, case-insensitive. */
  schemaProperty: WeightedPattern[];
  /** Matched against name and description; usually negative (e.g. a file in a remote repository). */
  context?: WeightedPattern[];
  /** Score added when an annotation hint is true / false. */
  annotations?: Partial<
    Record<'readOnlyHint' | 'destructiveHint' | 'openWorldHint', { ifTrue?: number; ifFalse?: number }>
  >;
}

/** A category is reported when its score reaches this; the score (capped at 1) is the confidence. */
export const CLASSIFY_THRESHOLD = 0.5;

/** How much of the description counts as its lead (full weight); the rest often names other tools. */
export const DESCRIPTION_LEAD_CHARS = 200;

const p = (pattern: RegExp, weight: number): WeightedPattern => ({ pattern, weight });

/** Remote code hosts: "a file in a GitHub repository" is not the server's own file system. */
const REMOTE_REPOSITORY = p(/\b(github|gitlab|bitbucket|repository|repositories|repo|git project)\b/, -0.6);

export const CAPABILITY_CATALOG: readonly CatalogEntry[] = [
  {
    id: 'command-execution',
    title: 'Command execution',
    severity: 'critical',
    cwe: ['CWE-78', 'CWE-77'],
    owaspMcp: ['MCP05'],
    risk: 'Runs operating-system commands or controls processes: whoever can call it can take over the host.',
    remediation:
      'Do not expose command execution over the network. If it must exist, require authentication, allow-list the commands, run it in a sandbox without credentials, and bind to loopback.',
    name: [
      p(
        /\b(exec|execute|run|start|spawn)( a)? (command|cmd|shell|process|terminal|bash|powershell|script)\b/,
        1,
      ),
      p(/\b(shell|terminal|bash|powershell|zsh|cmd)\b/, 0.6),
      p(/\bexec\b/, 0.6),
      p(/\b(kill|terminate|interact with) (a )?process\b/, 0.9),
      p(/\bprocess (output|input)\b/, 0.7),
      p(/\bforce terminate\b/, 0.7),
    ],
    description: [
      p(
        /\b(execute|run|runs|executes|start|starts)( any| a| an| arbitrary| the)? (shell |terminal |system |os |kubectl |cli )?(command|commands)\b/,
        0.9,
      ),
      p(
        /\b(start|starts|open|opens|launch|launches|spawn|spawns)( a| an| new)? (terminal|shell) (process|session)\b/,
        0.9,
      ),
      p(/\b(send|sends) input to .{0,40}\bprocess\b/, 0.8),
      p(/\b(terminate|kill|terminates|kills)\b.{0,40}\b(process|terminal session)\b/, 0.8),
      p(/\boutput from a running process\b/, 0.8),
      p(/\bexecute a command in\b/, 0.9),
    ],
    schemaProperty: [p(/^(command|cmd|shell|commandline|command_line|argv)$/, 0.4)],
  },
  {
    id: 'code-execution',
    title: 'Code execution',
    severity: 'critical',
    cwe: ['CWE-94', 'CWE-95'],
    owaspMcp: ['MCP05'],
    risk: 'Evaluates caller-supplied code in an interpreter or runtime: arbitrary code runs with the server’s privileges.',
    remediation:
      'Remove code evaluation from network-reachable servers, or require authentication and run the interpreter in an isolated sandbox with no secrets and no network.',
    name: [
      p(/\b(eval|evaluate)\b/, 0.8),
      p(/\b(run|execute|exec|eval)( the)? (code|script|js|javascript|python|node|snippet)\b/, 1),
      p(/\b(code interpreter|python repl|sandbox exec)\b/, 1),
    ],
    description: [
      p(
        /\b(execute|executes|evaluate|evaluates|run|runs)( arbitrary| custom| a| the| some)? (javascript|js|python|typescript|playwright|code|script)( expression| code| snippet)?\b/,
        0.8,
      ),
      p(/\bcode can run as\b/, 0.8),
      p(/\b(rce|remote code execution)\b/, 1),
    ],
    schemaProperty: [p(/^(code|script|expression|javascript|js|python|source_code|sourcecode)$/, 0.3)],
  },
  {
    id: 'file-read',
    title: 'File read',
    severity: 'high',
    cwe: ['CWE-22', 'CWE-200'],
    owaspMcp: ['MCP10', 'MCP01'],
    risk: 'Reads files or lists directories on the server’s machine: source, keys and credentials can be exfiltrated.',
    remediation:
      'Require authentication, restrict the tool to a dedicated directory without secrets, and never expose it beyond loopback without a gateway.',
    name: [
      p(/\bread( text| media| multiple| the)? (file|files)\b/, 1),
      p(/\b(list|read) (dir|directory|directories|folder)\b/, 0.9),
      p(/\bdirectory tree\b/, 0.9),
      p(/\bsearch files\b/, 0.8),
      p(/\bfile info\b/, 0.8),
      p(/\b(upload file|file upload)\b/, 0.8),
      p(/\bread file\b/, 1),
    ],
    description: [
      p(
        /\bread(s|ing)?( the)?( complete)?( contents?( of| from))?( a| the| multiple| local)? (text )?(file|files)\b/,
        0.9,
      ),
      p(/\b(listing|list) of (all )?files and directories\b/, 0.8),
      p(/\bsearch(es)? for files\b/, 0.8),
      p(/\b(metadata|information) about a file\b/, 0.8),
      p(/\bupload (one or multiple |a )?files?\b/, 0.7),
      p(/\bfrom (a|the) local file\b/, 0.7),
      p(/\bfrom the server file ?system\b/, 0.8),
      p(/\bfrom the file ?system\b/, 0.6),
      p(/\b(csv|json|yaml|log) file\b/, 0.4),
      p(/\bfrom (a |the )?(string or )?file\b(?! operations)/, 0.5),
      p(/\b(find|locate|search for) (\w+ )?files\b/, 0.6),
      p(/\b(from|using) (a )?manifest file\b/, 0.5),
      p(/\b(drop|drag) files\b/, 0.6),
      p(/\b(attach|attaches|upload|uploads|share|shares|sharing|send|sends)( a| the)? (local )?file\b/, 0.4),
    ],
    schemaProperty: [
      p(
        /^(path|paths|file_?path|file_?paths|filename|file|files|directory|dir|source|csv_?file_?path|valuesfile|fromfile)$/i,
        0.3,
      ),
    ],
    // A tool whose name leads with a write verb is a write tool even when it mentions reading.
    context: [
      REMOTE_REPOSITORY,
      p(
        /^(write|edit|append|create|move|delete|rename)( text)? (file|files|directory|dir|pdf|block)\b/,
        -0.4,
      ),
    ],
  },
  {
    id: 'file-write',
    title: 'File write',
    severity: 'high',
    cwe: ['CWE-73', 'CWE-22'],
    owaspMcp: ['MCP05'],
    risk: 'Creates, modifies, moves or deletes files on the server’s machine: persistence, tampering and code planting.',
    remediation:
      'Require authentication and confine writes to a dedicated, non-executable directory; prefer read-only deployments.',
    name: [
      p(
        /\b(write|edit|create|save|move|rename|delete|remove|append|copy)( text)? (file|files|directory|pdf)\b/,
        1,
      ),
      // Folders also live in mailboxes, vaults and drives: alone, not enough.
      p(/\b(create|delete|remove|rename|move) folder\b/, 0.4),
      p(/\b(pdf save|save as pdf|write pdf)\b/, 1),
      p(/\bedit block\b/, 0.5),
    ],
    description: [
      p(
        /\b(write|writes|overwrite|overwrites|append|appends|edit|edits|create|creates|modify|modifies|move|moves|rename|renames)( or \w+)?( to)?( a| an| the)?( new)? (text |single |pdf )?(file|files|directory|directories|pdf)\b/,
        0.8,
      ),
      p(/\bwritten to a file\b/, 0.8),
      p(/\b(save|saves) (the )?(current )?page as (a )?pdf\b/, 0.8),
      p(/\bgenerate (the |a )?\w* ?file\b/, 0.6),
      p(/\bedits to files\b/, 0.8),
      p(/\boutput director(y|ies)\b/, 0.5),
    ],
    schemaProperty: [
      p(/^(output_?dir|output_?path|output_?file|target_?path)$/i, 0.4),
      p(/^(save_?path|downloads_?dir|download_?path)$/i, 0.5),
      p(/^(save_?png|save_?to_?file)$/i, 0.3),
    ],
    context: [REMOTE_REPOSITORY],
    annotations: { readOnlyHint: { ifTrue: -0.4 } },
  },
  {
    id: 'database-query',
    title: 'Database query',
    severity: 'high',
    cwe: ['CWE-89', 'CWE-284'],
    owaspMcp: ['MCP05', 'MCP10'],
    risk: 'Runs queries or reads and writes records in a database: bulk data theft or destruction.',
    remediation:
      'Require authentication, connect with a least-privilege read-only role, and restrict queries to an allow-list or parameterised operations.',
    name: [
      p(/\b(sql|query sql|sql query|run query|execute query)\b/, 1),
      p(/\b(kv|redis|mongo|mongodb|postgres|mysql|sqlite|dynamodb)\b/, 0.6),
      p(/^query$/, 0.6),
      p(/\bquery\b/, 0.2),
    ],
    description: [
      p(/\bsql\b/, 0.9),
      p(/\b(key-?value|kv) (store|namespace)\b/, 0.8),
      p(
        /\b(redis|mongodb|postgres(ql)?|mysql|sqlite|dynamodb|cassandra|elasticsearch|clickhouse|bigquery|snowflake)\b/,
        0.5,
      ),
      p(/\b(run|execute|perform)s? (a |an )?(read-only |raw )?(database )?quer(y|ies)\b/, 0.4),
      p(/\b(database|table|collection) (rows|records|documents)\b/, 0.5),
    ],
    schemaProperty: [p(/^(sql|sql_?query|statement)$/i, 0.8), p(/^(table|table_?name|collection)$/i, 0.3)],
  },
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
      p(/\b(secrets?|credentials?|passwords?|api keys?|access tokens?|private keys?)\b/, 0.5),
      p(/\b(vault|password manager|keychain|keyring)\b/, 0.3),
      p(/\b(vault|password|login) items?\b/, 0.6),
      p(/\bitems?\b[^.]{0,60}\b(in|from|to) (your |the )?vault\b/, 0.6),
      // Reading the environment leaks what is in it; setting a variable does not.
      p(/\benvironment variables?\b/, 0.2),
      p(
        /\b(return|returns|read|reads|dump|dumps|print|prints|show|shows|list|lists|get|gets)( all| the)?( process)? environment variables\b/,
        0.6,
      ),
    ],
    schemaProperty: [
      p(/^(secret|secret_?name|secret_?value|password|api_?key|token|credential|private_?key)$/i, 0.4),
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
    ],
    description: [
      p(/\b(generate|generates|create|creates)( an?)? (images?|text|embeddings|videos?|audio|speech)\b/, 0.7),
      p(/\b(run|runs) inference\b/, 0.8),
      p(/\b(research agent|deep research|comprehensive research)\b/, 0.6),
      p(/\b(ai|llm|gemini|gpt|claude|openai|computer use|autonomous) agents?\b/, 0.6),
      p(/\b(llm|large language model|ai models?|language models?)\b/, 0.25),
    ],
    schemaProperty: [p(/^(model|prompt|max_?credits|max_?tokens|image_?count)$/i, 0.1)],
  },
];
