// Dashboard panels per kind of assistant. `$t` inside a selector's braces stands for the
// target's own label matcher, so each panel reads only its target.
import type { DashboardPanel, PanelUnit } from '../../shared/api';

export const PRESET_NAMES = ['reference', 'llama.cpp', 'vllm'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

interface PanelTemplate {
  id: string;
  title: string;
  unit: PanelUnit;
  queries: { expr: string; legend: string }[];
  expects: string[];
}

const q = (expr: string, legend: string) => ({ expr, legend });

/** The reference personal assistant's dashboard (DESIGN.md), with `sum by (le)` so labelled histograms work too. */
const REFERENCE: PanelTemplate[] = [
  { id: 'request-rate', title: 'Request rate', unit: 'perSecond', expects: ['http_requests_total'], queries: [q('sum(rate(http_requests_total{$t}[5m]))', 'requests/s')] },
  {
    id: 'error-rate',
    title: 'Error rate (5xx)',
    unit: 'ratio',
    expects: ['http_requests_total'],
    queries: [q('sum(rate(http_requests_total{status=~"5..",$t}[5m])) / sum(rate(http_requests_total{$t}[5m]))', '5xx share')],
  },
  {
    id: 'latency',
    title: 'Response time',
    unit: 'seconds',
    expects: ['http_request_duration_seconds'],
    queries: [0.5, 0.95, 0.99].map((p) => q(`histogram_quantile(${p.toFixed(2)}, sum by (le) (rate(http_request_duration_seconds_bucket{$t}[5m])))`, `p${Math.round(p * 100)}`)),
  },
  {
    id: 'voice-p95',
    title: 'Voice processing p95',
    unit: 'seconds',
    expects: ['voice_processing_duration_seconds'],
    queries: [q('histogram_quantile(0.95, sum by (le) (rate(voice_processing_duration_seconds_bucket{$t}[10m])))', 'p95')],
  },
  {
    id: 'voice-accuracy',
    title: 'Average transcription accuracy',
    unit: 'ratio',
    expects: ['voice_transcription_accuracy'],
    queries: [q('sum(rate(voice_transcription_accuracy_sum{$t}[10m])) / sum(rate(voice_transcription_accuracy_count{$t}[10m]))', 'accuracy')],
  },
  {
    id: 'search-p95',
    title: 'Knowledge search p95',
    unit: 'seconds',
    expects: ['knowledge_search_duration_seconds'],
    queries: [q('histogram_quantile(0.95, sum by (le) (rate(knowledge_search_duration_seconds_bucket{$t}[5m])))', 'p95')],
  },
  {
    id: 'search-results',
    title: 'Knowledge search results per query',
    unit: 'count',
    expects: ['knowledge_search_results'],
    queries: [q('sum(rate(knowledge_search_results_sum{$t}[5m])) / sum(rate(knowledge_search_results_count{$t}[5m]))', 'average results')],
  },
  {
    id: 'activity',
    title: 'User interactions and plugin runs',
    unit: 'perSecond',
    expects: ['user_interactions_total', 'plugin_executions_total'],
    queries: [q('sum(rate(user_interactions_total{$t}[5m]))', 'interactions/s'), q('sum(rate(plugin_executions_total{$t}[5m]))', 'plugin runs/s')],
  },
];

/** llama.cpp server started with --metrics. It has no request counters or latency histograms. */
const LLAMA_CPP: PanelTemplate[] = [
  { id: 'in-flight', title: 'Requests processing / deferred', unit: 'count', expects: ['llamacpp:requests_processing'], queries: [q('sum(llamacpp:requests_processing{$t})', 'processing'), q('sum(llamacpp:requests_deferred{$t})', 'deferred')] },
  {
    id: 'tokens',
    title: 'Tokens per second',
    unit: 'perSecond',
    expects: ['llamacpp:tokens_predicted_total'],
    queries: [q('sum(rate(llamacpp:tokens_predicted_total{$t}[5m]))', 'generated'), q('sum(rate(llamacpp:prompt_tokens_total{$t}[5m]))', 'prompt')],
  },
  {
    id: 'generation-speed',
    title: 'Generation speed while busy',
    unit: 'perSecond',
    expects: ['llamacpp:tokens_predicted_seconds_total'],
    queries: [q('sum(rate(llamacpp:tokens_predicted_total{$t}[5m])) / sum(rate(llamacpp:tokens_predicted_seconds_total{$t}[5m]))', 'tokens/s')],
  },
  { id: 'kv-cache', title: 'KV cache usage', unit: 'ratio', expects: ['llamacpp:kv_cache_usage_ratio'], queries: [q('max(llamacpp:kv_cache_usage_ratio{$t})', 'used')] },
];

/** vLLM's OpenAI-compatible server. */
const VLLM: PanelTemplate[] = [
  { id: 'request-rate', title: 'Request rate', unit: 'perSecond', expects: ['vllm:request_success_total'], queries: [q('sum(rate(vllm:request_success_total{$t}[5m]))', 'finished/s')] },
  {
    id: 'latency',
    title: 'End-to-end request latency',
    unit: 'seconds',
    expects: ['vllm:e2e_request_latency_seconds'],
    queries: [0.5, 0.95, 0.99].map((p) => q(`histogram_quantile(${p.toFixed(2)}, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{$t}[5m])))`, `p${Math.round(p * 100)}`)),
  },
  {
    id: 'ttft',
    title: 'Time to first token p95',
    unit: 'seconds',
    expects: ['vllm:time_to_first_token_seconds'],
    queries: [q('histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{$t}[5m])))', 'p95')],
  },
  { id: 'queue', title: 'Requests running / waiting', unit: 'count', expects: ['vllm:num_requests_running'], queries: [q('sum(vllm:num_requests_running{$t})', 'running'), q('sum(vllm:num_requests_waiting{$t})', 'waiting')] },
  {
    id: 'tokens',
    title: 'Tokens per second',
    unit: 'perSecond',
    expects: ['vllm:generation_tokens_total'],
    queries: [q('sum(rate(vllm:generation_tokens_total{$t}[5m]))', 'generated'), q('sum(rate(vllm:prompt_tokens_total{$t}[5m]))', 'prompt')],
  },
  { id: 'kv-cache', title: 'GPU KV cache usage', unit: 'ratio', expects: ['vllm:gpu_cache_usage_perc'], queries: [q('max(vllm:gpu_cache_usage_perc{$t})', 'used')] },
];

const PRESETS: Record<PresetName, PanelTemplate[]> = { reference: REFERENCE, 'llama.cpp': LLAMA_CPP, vllm: VLLM };

/** The panels of one target, with its label matcher filled in. */
export function panelsFor(preset: PresetName, target: string): DashboardPanel[] {
  const matcher = `target="${target.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return PRESETS[preset].map((p) => ({
    ...p,
    id: `${target}/${p.id}`,
    target,
    queries: p.queries.map((x) => ({ legend: x.legend, expr: x.expr.replace(/\{\$t\}/g, `{${matcher}}`).replace(/,\$t\}/g, `,${matcher}}`) })),
  }));
}
