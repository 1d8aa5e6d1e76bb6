import { outcome, type CheckDefinition } from './types';

interface Params {
  maxLayers?: number;
}

// hygiene.layer-count: every layer costs a pull round trip and an overlay lookup level; very deep
// images are slow to start and usually carry deleted leftovers.
export const hygieneLayerCount: CheckDefinition<Params> = {
  id: 'hygiene.layer-count',
  title: 'Layer count',
  description: 'The image has at most the policy\'s maximum number of layers (default 40).',
  remediation: 'Combine RUN steps, use a multi-stage build, or squash the final image.',
  defaultRequired: true,
  run(ctx, params) {
    const max = params.maxLayers ?? 40;
    const n = ctx.image.layerCount;
    if (n > max) return outcome.failed(`${n} layers, more than the maximum of ${max}`);
    return outcome.passed(`${n} layer(s), within the maximum of ${max}`);
  },
};
