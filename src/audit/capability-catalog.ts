/**
 * The capability catalog: data, not code branches. Each category lists tool-name patterns,
 * description keywords and schema property names with weights (classify-tool.ts scores them).
 * Measured against a labelled corpus of real tools: docs/capability-catalog.md.
 */
import type { CatalogEntry } from './catalog-entry.ts';
import { LOCAL_ACCESS_ENTRIES } from './catalog-local-access.ts';
import { REMOTE_SERVICE_ENTRIES } from './catalog-remote-services.ts';

export {
  CAPABILITY_CATEGORIES,
  type CapabilityCategory,
  type CatalogEntry,
  CLASSIFY_THRESHOLD,
  DESCRIPTION_LEAD_CHARS,
  type WeightedPattern,
} from './catalog-entry.ts';

export const CAPABILITY_CATALOG: readonly CatalogEntry[] = [
  ...LOCAL_ACCESS_ENTRIES,
  ...REMOTE_SERVICE_ENTRIES,
];
