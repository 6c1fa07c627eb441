import { OperatorError, TopologyError } from '../errors/index.js';
import type { AnyRecord, OperatorContext } from '../operators/stream-operator.js';
import type { Cancellable, PunctuationType } from '../processor/processor.js';
import type { ProcessorNode, SinkNode, TopologyNode } from '../topology/nodes.js';
import type { Subtopology, Topology } from '../topology/topology.js';
import { runOperator } from './run-operator.js';

/** A record that reached a sink, with the sink. */
export type SinkOutput = readonly [SinkNode, AnyRecord];

/**
 * One task's processor nodes, bound once: records are pushed from a node to its children depth
 * first (Kafka Streams' `ProcessorNode#process` → `forward`), and whatever reaches a sink is
 * collected for the task to encode. A node's failure is rethrown as {@link OperatorError} naming it.
 */
export interface ProcessorGraph {
  /** Pushes `record` from `from` (a source) to its children; returns what reached the sinks, in order. */
  run(from: TopologyNode, record: AnyRecord): SinkOutput[];
  /**
   * Runs the operators' punctuators with `time` and the scheduled punctuations that are due (stream
   * time `time`, wall clock `wallClock`); returns what reached the sinks.
   */
  punctuate(time: number, wallClock: number, origin: AnyRecord): SinkOutput[];
  readonly punctuates: boolean;
}

interface Schedule {
  readonly intervalMs: number;
  readonly type: PunctuationType;
  readonly punctuator: (timestamp: number) => void;
  nextAt: number;
  cancelled: boolean;
}

export function createProcessorGraph(topology: Topology, subtopology: Subtopology, base: Omit<OperatorContext, 'schedule'>): ProcessorGraph {
  const schedules: Schedule[] = [];
  const context: OperatorContext = {
    ...base,
    schedule(intervalMs, type, punctuator): Cancellable {
      if (!(intervalMs > 0)) throw new TopologyError(`a punctuation interval must be positive, got ${intervalMs}`);
      // Due at the first check; then every interval of its time (see `PunctuationType`).
      const schedule: Schedule = { intervalMs, type, punctuator, nextAt: Number.NEGATIVE_INFINITY, cancelled: false };
      schedules.push(schedule);
      return { cancel: () => void (schedule.cancelled = true) };
    },
  };
  let collected: SinkOutput[] = [];
  const runners = new Map<number, (record: AnyRecord) => void>();

  // Per node, built once: its children for every record, and per named output the children of that output.
  const childrenOf = new Map<number, { readonly all: TopologyNode[]; readonly byPort: Map<string, TopologyNode[]> }>();
  for (const node of subtopology.nodes) {
    const children = { all: [] as TopologyNode[], byPort: new Map<string, TopologyNode[]>() };
    for (const { child, port } of topology.childEdges(node.id)) {
      if (child.kind === 'source') continue;
      if (!children.all.includes(child)) children.all.push(child);
      if (port !== undefined) children.byPort.set(port, [...(children.byPort.get(port) ?? []), child]);
    }
    childrenOf.set(node.id, children);
  }
  const NONE: readonly TopologyNode[] = [];

  /** To every child of `node`, or to those of its output `port`. */
  const emit = (node: TopologyNode, record: AnyRecord, port?: string): void => {
    const children = childrenOf.get(node.id);
    for (const child of (port === undefined ? children?.all : children?.byPort.get(port)) ?? NONE) {
      if (child.kind === 'sink') collected.push([child, record]);
      else if (child.kind === 'processor') runNode(child, record);
    }
  };

  const runNode = (node: ProcessorNode, record: AnyRecord): void => {
    const runner = runners.get(node.id);
    if (runner === undefined) return;
    try {
      runner(record);
    } catch (error) {
      throw error instanceof OperatorError ? error : new OperatorError({ operator: node.name, topic: record.topic, partition: record.partition, offset: record.offset }, error);
    }
  };

  // The push form when the operator has one (Processor API), else its step form, else its RxJS form.
  for (const node of subtopology.nodes) {
    if (node.kind !== 'processor') continue;
    const { operator, name } = node;
    if (operator.bindProcessor !== undefined) {
      runners.set(node.id, operator.bindProcessor(context, (record, output) => emit(node, record, output)));
    } else if (operator.bindStep !== undefined) {
      const step = operator.bindStep(context);
      runners.set(node.id, (record) => {
        for (const out of step(record)) emit(node, out);
      });
    } else {
      const operatorFunction = operator.bind(context);
      runners.set(node.id, (record) => {
        for (const out of runOperator(name, operatorFunction, record)) emit(node, out);
      });
    }
  }
  const punctuators = subtopology.nodes.flatMap((node) =>
    node.kind === 'processor' && node.operator.punctuator !== undefined ? [{ node, punctuate: node.operator.punctuator.bind(context) }] : [],
  );

  const collecting = (work: () => void): SinkOutput[] => {
    const mine: SinkOutput[] = [];
    collected = mine;
    work();
    return mine;
  };

  return {
    run: (from, record) => collecting(() => emit(from, record)),
    punctuate: (time, wallClock, origin) =>
      collecting(() => {
        for (const { node, punctuate } of punctuators) {
          for (const record of punctuate(time, origin)) emit(node, record);
        }
        for (const schedule of schedules) {
          const now = schedule.type === 'stream-time' ? time : wallClock;
          if (schedule.cancelled || !Number.isFinite(now) || now < schedule.nextAt) continue;
          schedule.nextAt = now + schedule.intervalMs;
          schedule.punctuator(now);
        }
      }),
    get punctuates() {
      return punctuators.length > 0 || schedules.some((schedule) => !schedule.cancelled);
    },
  };
}
