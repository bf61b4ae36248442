/**
 * The broker facade: decodes a request frame, routes it to its handler and encodes the response
 * frame. Versions are capped at kafkajs 2.2.4's maxima (APIs kafkajs lacks, at what librdkafka
 * uses); a version outside the range closes the connection, except ApiVersions which answers
 * UNSUPPORTED_VERSION in its v0 layout as Kafka does.
 */
import type { BrokerContext, ConnectionInfo } from './handlers/BrokerContext.js';
import { handleAlterConfigs, handleDescribeConfigs, handleIncrementalAlterConfigs } from './handlers/configs.js';
import { handleCreateTopics } from './handlers/createTopics.js';
import { handleFetch } from './handlers/fetch.js';
import {
  handleDeleteGroups,
  handleDescribeGroups,
  handleFindCoordinator,
  handleHeartbeat,
  handleJoinGroup,
  handleLeaveGroup,
  handleListGroups,
  handleOffsetCommit,
  handleOffsetFetch,
  handleSyncGroup,
} from './handlers/groups.js';
import { handleCreatePartitions, handleDeleteRecords } from './handlers/partitions.js';
import { handleProduce } from './handlers/produce.js';
import { handleDeleteTopics, handleDescribeCluster, handleListOffsets, handleMetadata } from './handlers/topics.js';
import {
  handleAddOffsetsToTxn,
  handleAddPartitionsToTxn,
  handleEndTxn,
  handleInitProducerId,
  handleTxnOffsetCommit,
} from './handlers/transactions.js';
import type { ApiCodec } from './protocol/Api.js';
import { addOffsetsToTxnApi } from './protocol/apis/addOffsetsToTxn.js';
import { addPartitionsToTxnApi } from './protocol/apis/addPartitionsToTxn.js';
import { alterConfigsApi } from './protocol/apis/alterConfigs.js';
import { type ApiVersionsResponse, apiVersionsApi } from './protocol/apis/apiVersions.js';
import { createPartitionsApi } from './protocol/apis/createPartitions.js';
import { createTopicsApi } from './protocol/apis/createTopics.js';
import { deleteGroupsApi } from './protocol/apis/deleteGroups.js';
import { deleteRecordsApi } from './protocol/apis/deleteRecords.js';
import { deleteTopicsApi } from './protocol/apis/deleteTopics.js';
import { describeClusterApi } from './protocol/apis/describeCluster.js';
import { describeConfigsApi } from './protocol/apis/describeConfigs.js';
import { describeGroupsApi } from './protocol/apis/describeGroups.js';
import { endTxnApi } from './protocol/apis/endTxn.js';
import { fetchApi } from './protocol/apis/fetch.js';
import { findCoordinatorApi } from './protocol/apis/findCoordinator.js';
import { heartbeatApi } from './protocol/apis/heartbeat.js';
import { incrementalAlterConfigsApi } from './protocol/apis/incrementalAlterConfigs.js';
import { initProducerIdApi } from './protocol/apis/initProducerId.js';
import { joinGroupApi } from './protocol/apis/joinGroup.js';
import { leaveGroupApi } from './protocol/apis/leaveGroup.js';
import { listGroupsApi } from './protocol/apis/listGroups.js';
import { listOffsetsApi } from './protocol/apis/listOffsets.js';
import { metadataApi } from './protocol/apis/metadata.js';
import { offsetCommitApi } from './protocol/apis/offsetCommit.js';
import { offsetFetchApi } from './protocol/apis/offsetFetch.js';
import { produceApi } from './protocol/apis/produce.js';
import { syncGroupApi } from './protocol/apis/syncGroup.js';
import { txnOffsetCommitApi } from './protocol/apis/txnOffsetCommit.js';
import { ErrorCode, MalformedRequestError } from './protocol/errors.js';
import { hasTaggedResponseHeader, type RequestHeader, readRequestHeader } from './protocol/header.js';
import { Writer } from './protocol/Writer.js';

type Handler<Request, Response> = (
  context: BrokerContext,
  request: Request,
  connection: ConnectionInfo,
) => Response | Promise<Response> | null;

interface Route {
  readonly codec: ApiCodec<unknown, unknown>;
  readonly handle: Handler<unknown, unknown>;
}

function route<Request, Response>(codec: ApiCodec<Request, Response>, handle: Handler<Request, Response>): Route {
  return { codec, handle } as unknown as Route;
}

export class Broker {
  private readonly routes = new Map<number, Route>();

  constructor(private readonly context: BrokerContext) {
    const routes = [
      route(apiVersionsApi, () => this.apiVersions()),
      route(metadataApi, handleMetadata),
      route(produceApi, handleProduce),
      route(fetchApi, handleFetch),
      route(listOffsetsApi, handleListOffsets),
      route(findCoordinatorApi, handleFindCoordinator),
      route(joinGroupApi, handleJoinGroup),
      route(syncGroupApi, handleSyncGroup),
      route(heartbeatApi, handleHeartbeat),
      route(leaveGroupApi, handleLeaveGroup),
      route(offsetCommitApi, handleOffsetCommit),
      route(offsetFetchApi, handleOffsetFetch),
      route(initProducerIdApi, handleInitProducerId),
      route(createTopicsApi, handleCreateTopics),
      route(deleteTopicsApi, handleDeleteTopics),
      route(describeGroupsApi, handleDescribeGroups),
      route(listGroupsApi, handleListGroups),
      route(describeConfigsApi, handleDescribeConfigs),
      route(alterConfigsApi, handleAlterConfigs),
      route(incrementalAlterConfigsApi, handleIncrementalAlterConfigs),
      route(createPartitionsApi, handleCreatePartitions),
      route(deleteRecordsApi, handleDeleteRecords),
      route(deleteGroupsApi, handleDeleteGroups),
      route(describeClusterApi, handleDescribeCluster),
      route(addPartitionsToTxnApi, handleAddPartitionsToTxn),
      route(addOffsetsToTxnApi, handleAddOffsetsToTxn),
      route(endTxnApi, handleEndTxn),
      route(txnOffsetCommitApi, handleTxnOffsetCommit),
    ];
    for (const each of routes) this.routes.set(each.codec.key, each);
  }

  private apiVersions(
    errorCode: typeof ErrorCode.NONE | typeof ErrorCode.UNSUPPORTED_VERSION = ErrorCode.NONE,
  ): ApiVersionsResponse {
    const apis = [...this.routes.values()].map(({ codec }) => ({
      key: codec.key,
      minVersion: codec.minVersion,
      maxVersion: codec.maxVersion,
    }));
    return { errorCode, apis };
  }

  /**
   * Answers one request frame with a response frame in pieces (fetched records are not copied into
   * it), or null when none is due (Produce acks=0).
   * Throws MalformedRequestError for frames that cannot be served; the caller closes the connection.
   */
  handle(frame: Buffer, clientHost: string): Buffer[] | null | Promise<Buffer[] | null> {
    const { header, body } = readRequestHeader(frame, (key, version) => this.isFlexible(key, version));
    const selected = this.routes.get(header.apiKey);
    if (selected === undefined) throw new MalformedRequestError(`unknown API key ${header.apiKey}`);
    const { codec } = selected;
    if (header.apiVersion < codec.minVersion || header.apiVersion > codec.maxVersion) {
      if (codec.key !== apiVersionsApi.key) {
        throw new MalformedRequestError(
          `${codec.name} v${header.apiVersion} unsupported (v${codec.minVersion}-v${codec.maxVersion})`,
        );
      }
      return this.encode(
        header,
        apiVersionsApi as ApiCodec<unknown, unknown>,
        0,
        this.apiVersions(ErrorCode.UNSUPPORTED_VERSION),
      );
    }
    const request = codec.decodeRequest(body, header.apiVersion);
    const started = process.hrtime.bigint();
    const observe = (): void => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.context.metrics.requestDuration.observe({ api: codec.name }, seconds);
    };
    const connection = { clientId: header.clientId ?? '', clientHost };
    const response = selected.handle(this.context, request, connection);
    if (response instanceof Promise) {
      return response.then((value) => {
        observe();
        return this.encode(header, codec, header.apiVersion, value);
      });
    }
    observe();
    return response === null ? null : this.encode(header, codec, header.apiVersion, response);
  }

  /** Only served versions count: an unsupported ApiVersions version is answered without reading its body. */
  private isFlexible(apiKey: number, apiVersion: number): boolean {
    const codec = this.routes.get(apiKey)?.codec;
    const first = codec?.firstFlexibleVersion;
    return codec !== undefined && first !== undefined && apiVersion >= first && apiVersion <= codec.maxVersion;
  }

  private encode(
    header: RequestHeader,
    codec: ApiCodec<unknown, unknown>,
    version: number,
    response: unknown,
  ): Buffer[] {
    const writer = new Writer(1024);
    writer.int32(0).int32(header.correlationId);
    if (hasTaggedResponseHeader(codec.key, this.isFlexible(codec.key, version))) writer.emptyTaggedFields();
    codec.encodeResponse(writer, version, response);
    const pieces = writer.toBuffers();
    const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
    (pieces[0] as Buffer).writeInt32BE(size - 4, 0);
    return pieces;
  }
}
