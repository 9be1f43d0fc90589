// The baseline parser ships no types; this is the one call the benchmark makes.
declare module 'parse-prometheus-text-format' {
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
