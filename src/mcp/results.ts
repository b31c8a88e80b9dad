import type { PromptInfo, ResourceInfo, ServerInfo, ToolInfo } from '../scan/observation.ts';
import { META_SERVER_INFO } from './protocol.ts';

/** Validators for results from remote servers: hostile input in, bounded plain data out. */

const MAX_TEXT = 32 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : null;
}

export function parseServerInfo(value: unknown): ServerInfo | null {
  if (!isRecord(value) || typeof value.name !== 'string') return null;
  const info: ServerInfo = {
    name: value.name.slice(0, 512),
    version: text(value.version)?.slice(0, 256) ?? null,
  };
  if (typeof value.title === 'string') info.title = value.title.slice(0, 512);
  return info;
}

export interface InitializeFacts {
  protocolVersion: string;
  serverInfo: ServerInfo | null;
  capabilities: Record<string, unknown>;
  instructions: string | null;
}

/** A valid initialize result proves MCP: a protocol version string, a capabilities object and serverInfo. */
export function parseInitializeResult(result: unknown): InitializeFacts | { invalid: string } {
  if (!isRecord(result)) return { invalid: 'initialize result is not an object' };
  if (typeof result.protocolVersion !== 'string' || result.protocolVersion.length > 64) {
    return { invalid: 'initialize result has no protocolVersion string' };
  }
  if (!isRecord(result.capabilities)) return { invalid: 'initialize result has no capabilities object' };
  const serverInfo = parseServerInfo(result.serverInfo);
  if (serverInfo === null) return { invalid: 'initialize result has no serverInfo with a name' };
  return {
    protocolVersion: result.protocolVersion,
    serverInfo,
    capabilities: result.capabilities,
    instructions: text(result.instructions),
  };
}

export interface DiscoverFacts {
  supportedVersions: string[];
  serverInfo: ServerInfo | null;
  capabilities: Record<string, unknown>;
  instructions: string | null;
}

/** A valid server/discover result proves a 2026-07-28 server: supportedVersions plus capabilities. */
export function parseDiscoverResult(result: unknown): DiscoverFacts | { invalid: string } {
  if (!isRecord(result)) return { invalid: 'server/discover result is not an object' };
  const versions = result.supportedVersions;
  if (!Array.isArray(versions) || versions.length === 0 || !versions.every((v) => typeof v === 'string')) {
    return { invalid: 'server/discover result has no supportedVersions list' };
  }
  if (!isRecord(result.capabilities)) return { invalid: 'server/discover result has no capabilities object' };
  const meta = isRecord(result._meta) ? result._meta : {};
  return {
    supportedVersions: (versions as string[]).slice(0, 32).map((v) => v.slice(0, 64)),
    serverInfo: parseServerInfo(meta[META_SERVER_INFO] ?? result.serverInfo),
    capabilities: result.capabilities,
    instructions: text(result.instructions),
  };
}

/** The `supported` list of an UnsupportedProtocolVersion error (-32022), when present. */
export function supportedVersionsFromError(data: unknown): string[] | null {
  if (!isRecord(data) || !Array.isArray(data.supported)) return null;
  const list = data.supported.filter((v): v is string => typeof v === 'string').slice(0, 32);
  return list.length > 0 ? list : null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Items dropped because they were malformed. */
  rejected: number;
}

function page<T>(
  result: unknown,
  key: string,
  parse: (v: unknown) => T | null,
): Page<T> | { invalid: string } {
  if (!isRecord(result) || !Array.isArray(result[key])) return { invalid: `list result has no ${key} array` };
  const items: T[] = [];
  let rejected = 0;
  for (const raw of result[key] as unknown[]) {
    const item = parse(raw);
    if (item === null) rejected += 1;
    else items.push(item);
  }
  const cursor =
    typeof result.nextCursor === 'string' && result.nextCursor.length > 0 ? result.nextCursor : null;
  return { items, nextCursor: cursor?.slice(0, 4096) ?? null, rejected };
}

export function parseTool(value: unknown): ToolInfo | null {
  if (!isRecord(value) || typeof value.name !== 'string' || value.name.length === 0) return null;
  const tool: ToolInfo = {
    name: value.name.slice(0, 512),
    description: text(value.description),
    inputSchema: value.inputSchema ?? null,
    annotations: isRecord(value.annotations) ? value.annotations : null,
  };
  if (typeof value.title === 'string') tool.title = value.title.slice(0, 512);
  if (value.outputSchema !== undefined) tool.outputSchema = value.outputSchema;
  return tool;
}

export function parseResource(value: unknown): ResourceInfo | null {
  if (!isRecord(value) || typeof value.uri !== 'string') return null;
  return {
    uri: value.uri.slice(0, 4096),
    name: text(value.name),
    description: text(value.description),
    mimeType: text(value.mimeType),
  };
}

export function parsePrompt(value: unknown): PromptInfo | null {
  if (!isRecord(value) || typeof value.name !== 'string') return null;
  const args = Array.isArray(value.arguments) ? value.arguments : [];
  return {
    name: value.name.slice(0, 512),
    description: text(value.description),
    arguments: args.filter(isRecord).map((a) => ({
      name: typeof a.name === 'string' ? a.name.slice(0, 256) : '',
      description: text(a.description),
      required: a.required === true,
    })),
  };
}

export const parseToolsPage = (result: unknown) => page(result, 'tools', parseTool);
export const parseResourcesPage = (result: unknown) => page(result, 'resources', parseResource);
export const parsePromptsPage = (result: unknown) => page(result, 'prompts', parsePrompt);
