#!/usr/bin/env python3
"""Splits a JFR execution-sample dump of matching threads into the enricher's stages (docs/BENCHMARKS.md).

    java -XX:StartFlightRecording=filename=warm.jfr,settings=profile -jar target/rotor-lead-enricher.jar \
        bench --scenarios warm --runs 1 --events 300000
    jfr print --events jdk.ExecutionSample --stack-depth 80 warm.jfr > warm.txt
    python3 tools/jfr-stages.py warm.txt bench-warm-

Each sample goes to the stage of the first frame, from the leaf up, that a rule below matches.
"""
import re, sys, collections
path, thread_sub = sys.argv[1], sys.argv[2]
RULES = [  # (regex on a frame, stage), tried from the leaf frame upwards: the first frame that matches decides
    (r'io\.micrometer|TopologyMetrics|RotorMetrics', 'our metrics (Micrometer)'),
    (r'org\.apache\.kafka\.common\.metrics\.|StreamsMetricsImpl|TaskMetrics|ProcessorNodeMetrics', "Kafka's own sensors"),
    (r'DefaultRecord\.(readFrom|readHeaders|readPartiallyFrom)|DefaultRecordBatch\$3|RecordDeserializer|SourceNode\.deserialize', 'records read and deserialized (header keys decoded)'),
    (r'DefaultRecord\.(writeTo|sizeInBytes)|ProducerBatch|RecordAccumulator|KafkaProducer\.(send|doSend)|MemoryRecordsBuilder|RecordCollectorImpl\.send|Serializer\.serialize', 'SEND'),
    (r'RotorClient|PendingEvents|LookupScheduler|CompletionDrain|CachedLead\.output|LeadCache\.putFound', 'warm-up lookups (before the measured events)'),
    (r'RecordHeaders|RecordHeader\.|FailureRecords\.|TopologyRecords\.|passHeadersOf', 'headers built and read by the topology'),
    (r'LeadCache\.|CachedLead\.|RocksDB|rocksdb|MeteredKeyValueStore|CachingKeyValueStore|ChangeLoggingKeyValue', 'cache read and decode'),
    (r'LeadIdExtractor|LeadIdCheck|LeadIdValidator|com\.fasterxml\.jackson|CacheBypassRule', 'ingest parse and checks'),
    (r'IngestProcessor|Emitter|CacheAnswers|LookupProcessor', 'topology code (other)'),
    (r'StreamsProducer\.commit|TaskManager\.commit|TaskExecutor\.commit|commitTransaction|sendOffsetsToTransaction', 'commit / transaction'),
    (r'KafkaConsumer|Fetcher|FetchCollector|CompletedFetch|ConsumerNetworkClient|NetworkClient', 'consumer poll and fetch'),
    (r'PartitionGroup\.(readyToProcess|appendLog)', 'task readiness check (PartitionGroup.readyToProcess formats log text)'),
    (r'PartitionGroup|RecordQueue|StreamTask|ProcessorNode|ProcessorContextImpl|SinkNode|StreamThread|TaskExecutor', 'Streams loop (queues, forward, punctuation)'),
]
samples = collections.Counter(); total = 0
for block in open(path).read().split('jdk.ExecutionSample {')[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', block)
    if not m or thread_sub not in m.group(1) or 'network-thread' in m.group(1):
        continue
    frames = re.findall(r'^\s{4}(\S.*?)\s+line:', block, re.M)
    total += 1
    stage = 'other'
    for f in frames:
        hit = next((st for rx, st in RULES if re.search(rx, f)), None)
        if hit:
            stage = hit
            break
    if stage == 'SEND':
        joined = '\n'.join(frames)
        stage = ('repartition write (ingest → producer)' if 'IngestProcessor' in joined else
                 'output write (lookup → producer)' if re.search(r'LookupProcessor|Emitter|CacheAnswers|CompletionDrain', joined)
                 else 'producer send (other)')
    samples[stage] += 1
print(f'{total} samples of threads matching {thread_sub!r}')
for st, n in samples.most_common():
    print(f'| {st} | {n} | {100.0*n/total:.1f} % |')
