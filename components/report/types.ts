// The shapes the report components take: what lib/server stores per submission (check_results,
// findings joined with their active waiver) and what the engine's report JSON holds.

export interface WaiverBadgeData {
  reason: string;
  justification: string;
  expiresAt: Date | string;
}

export interface ReportCheckView {
  id: string;
  title: string;
  status: string;
  required: boolean;
  message: string;
  remediation: string;
  evidence: { path?: string; package?: string; detail?: string }[];
  waiver: WaiverBadgeData | null;
}

export interface ReportFindingView {
  key: string;
  id: string;
  aliases: string[];
  package: string;
  installed: string;
  fixed: string | null;
  severity: string;
  waiver: WaiverBadgeData | null;
}

export interface RuntimeProfileView {
  user?: string;
  capabilities?: string[];
  podSecurityStandard?: string;
  podmanFlags?: string[];
  kubernetesSecurityContext?: unknown;
  quadlet?: string;
}

export interface ImageFactsView {
  digest?: string;
  platform?: { os?: string; architecture?: string; variant?: string };
  layers?: number;
  size?: number;
  uncompressedSize?: number;
  created?: string | null;
  user?: string;
  labels?: Record<string, string>;
}
