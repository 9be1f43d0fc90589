// The reference assistant's metric families (DESIGN.md), on a registry of their own. Process
// gauges are filled in collect(), when scraped, not by timers.
import { Counter, Gauge, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import { freemem, totalmem } from 'node:os';

export function createAssistantMetrics() {
  // The same metrics on two registries: the classic text format and OpenMetrics, picked per scrape
  // by the Accept header.
  const registry = new Registry();
  const openMetricsRegistry = new Registry<OpenMetricsContentType>();
  openMetricsRegistry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const registers = [registry, openMetricsRegistry] as Registry[];
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();

  return {
    registry,
    openMetricsRegistry,
    httpRequests: new Counter({ name: 'http_requests_total', help: 'Total number of HTTP requests', labelNames: ['method', 'status'], registers }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
      registers,
    }),
    activeConnections: new Gauge({ name: 'active_connections', help: 'Requests being served now', registers }),
    voiceDuration: new Histogram({
      name: 'voice_processing_duration_seconds',
      help: 'Voice processing duration in seconds',
      buckets: [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0],
      registers,
    }),
    voiceAccuracy: new Histogram({
      name: 'voice_transcription_accuracy',
      help: 'Speech-to-text accuracy of each transcription (0-1)',
      buckets: [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1.0],
      registers,
    }),
    searchDuration: new Histogram({
      name: 'knowledge_search_duration_seconds',
      help: 'Knowledge base search duration in seconds',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5],
      registers,
    }),
    searchResults: new Histogram({ name: 'knowledge_search_results', help: 'Results returned per knowledge search', buckets: [0, 1, 2, 5, 10, 20, 50], registers }),
    userInteractions: new Counter({ name: 'user_interactions_total', help: 'User interactions by action', labelNames: ['action'], registers }),
    pluginExecutions: new Counter({ name: 'plugin_executions_total', help: 'Plugin executions by plugin and outcome', labelNames: ['plugin', 'status'], registers }),
    memoryUsage: new Gauge({
      name: 'memory_usage_bytes',
      help: 'Resident memory of the assistant process',
      registers,
      collect() {
        this.set(process.memoryUsage.rss());
      },
    }),
    memoryLimit: new Gauge({
      name: 'memory_limit_bytes',
      help: 'Memory the assistant may use (physical memory)',
      registers,
      collect() {
        this.set(totalmem());
      },
    }),
    systemFreeMemory: new Gauge({
      name: 'system_memory_free_bytes',
      help: 'Free memory on the host',
      registers,
      collect() {
        this.set(freemem());
      },
    }),
    cpuUsage: new Gauge({
      name: 'cpu_usage_ratio',
      help: 'CPU time of the assistant process per second of wall time since the last scrape',
      registers,
      collect() {
        const now = performance.now();
        const cpu = process.cpuUsage(lastCpu);
        const wall = (now - lastAt) * 1000;
        if (wall > 0) this.set((cpu.user + cpu.system) / wall);
        lastCpu = process.cpuUsage();
        lastAt = now;
      },
    }),
  };
}

export type AssistantMetrics = ReturnType<typeof createAssistantMetrics>;
