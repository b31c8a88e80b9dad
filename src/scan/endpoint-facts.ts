import type {
  AuthChallenge,
  Era,
  OriginProbe,
  PromptInfo,
  ResourceInfo,
  ServerInfo,
  ToolInfo,
  Transport,
} from './observation.ts';
import type { ScanStatus } from './status.ts';

/** What probing one candidate path learned; the best path's facts become the Observation. */
export interface EndpointFacts {
  url: string;
  transport: Transport | null;
  era: Era | null;
  protocolVersion: string | null;
  supportedVersions: string[] | null;
  serverInfo: ServerInfo | null;
  capabilities: Record<string, unknown> | null;
  instructions: string | null;
  session: { issued: boolean; deleted: boolean | null } | null;
  tools: ToolInfo[];
  toolsTruncated: boolean;
  resources: ResourceInfo[];
  prompts: PromptInfo[];
  refusal: { httpStatus: number; challenges: AuthChallenge[]; stage: 'handshake' | 'listing' } | null;
  originProbe: OriginProbe | null;
}

export interface PathVerdict {
  status: ScanStatus;
  facts: EndpointFacts;
  error: { code: string; message: string } | null;
}

export function emptyFacts(url: string): EndpointFacts {
  return {
    url,
    transport: null,
    era: null,
    protocolVersion: null,
    supportedVersions: null,
    serverInfo: null,
    capabilities: null,
    instructions: null,
    session: null,
    tools: [],
    toolsTruncated: false,
    resources: [],
    prompts: [],
    refusal: null,
    originProbe: null,
  };
}
