import { type CatalogEntry, p, REMOTE_API_EXAMPLE, REMOTE_REPOSITORY } from './catalog-entry.ts';

/** What a tool can do to the machine it runs on: commands, code, files, databases. */
export const LOCAL_ACCESS_ENTRIES: readonly CatalogEntry[] = [
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
        /\b(execute|run|runs|executes|start|starts)( any| a| an| arbitrary| the)?( local)? (shell |terminal |system |os |kubectl |cli )?(command|commands)\b/,
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
      p(/\bsearch(es)? (file ?names|filenames)\b/, 0.6),
      p(/\b(metadata|information) about a file\b/, 0.8),
      p(/\bupload (one or multiple |a )?files?\b/, 0.7),
      p(/\bfrom (a|the) local file\b/, 0.7),
      p(/\bfrom the server file ?system\b/, 0.8),
      p(/\bfrom the file ?system\b/, 0.6),
      p(/\b(csv|json|yaml|log) file\b/, 0.4),
      p(/\b(markdown|md) (notes?|files?)\b/, 0.3),
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
      // Generators that edit or clone from a local image or audio sample read it from disk.
      p(/^(input_?)?(image|audio|video|media)_?(path|file_?path)$/i, 0.5),
      p(/^(input_?)?(image|audio|video|media)_?file$/i, 0.4),
    ],
    // A tool whose name leads with a write verb is a write tool even when it mentions reading.
    context: [
      REMOTE_REPOSITORY,
      REMOTE_API_EXAMPLE,
      p(
        /^(\w+ )?(write|edit|append|create|move|delete|rename)( text)? (file|files|directory|dir|pdf|block|note|notes)\b/,
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
      // Note apps whose vault is a folder of Markdown files on this machine: their tools that are not
      // read-only (the annotation takes this back) change files.
      p(/\b(obsidian|logseq)\b/, 0.5),
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
      // Generators and credential helpers say where their output lands: "save the audio file to a directory".
      p(
        /\b(save|saves|write|writes|append|appends)\b[^.]{0,50}? to (an? |the |its )?(\.?[\w'-]+ ){0,3}(file|directory|folder|disk)\b/,
        0.7,
      ),
      p(/\b(save|saves) the (result|results|output|generated \w+)\b/, 0.6),
      p(
        /\b(create|creates|edit|edits|write|writes|append|appends|delete|deletes)\b[^.]{0,20}\b(markdown|md) (notes?|files?|documents?)\b/,
        0.7,
      ),
    ],
    schemaProperty: [
      p(/^(output_?path|output_?file|target_?path)$/i, 0.4),
      // A directory to put results in is only ever written to.
      p(/^(save_?path|downloads_?dir|download_?path|output_?dir|output_?directory|output_?folder)$/i, 0.5),
      p(/^(save_?png|save_?to_?file)$/i, 0.3),
    ],
    context: [REMOTE_REPOSITORY, REMOTE_API_EXAMPLE],
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
];
