package org.miniray.cluster;

import java.util.List;
import org.miniray.common.Clock;
import org.miniray.events.EventRecorder;
import org.miniray.gcs.Gcs;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.global.GlobalSchedulerContractTest;
import org.miniray.scheduler.global.PolicyGlobalScheduler;
import org.miniray.scheduler.policy.LeastLoadedSchedulingPolicy;
import org.miniray.serialization.Allowlist;
import org.miniray.serialization.ForySerializer;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.transport.Transport;
import org.miniray.transport.netty.ClusterToken;
import org.miniray.transport.netty.RpcClient;
import org.miniray.transport.netty.RpcConfig;
import org.miniray.transport.netty.RpcHandler;
import org.miniray.transport.netty.RpcServer;
import org.miniray.transport.netty.WireClient;
import org.miniray.transport.netty.WireHandlers;

/**
 * The global-scheduler contract over {@link RemoteGlobalScheduler}, as a node of another process
 * sees the head's: every task crosses a Netty connection on the loopback to a server that hands it
 * to a {@link PolicyGlobalScheduler} ({@link RemoteGlobalScheduler#serveOn}), which places it.
 */
class RemoteGlobalSchedulerContractTest extends GlobalSchedulerContractTest {
  @Override
  protected GlobalScheduler createScheduler(Gcs gcs, Transport transport, long infeasibleTimeoutMs) {
    WireCodec codec = new WireCodec(new ForySerializer(new Allowlist()));
    ClusterToken token = ClusterToken.generate();
    PolicyGlobalScheduler head = new PolicyGlobalScheduler(gcs, transport, new LeastLoadedSchedulingPolicy(1),
        Clock.SYSTEM, infeasibleTimeoutMs, EventRecorder.OFF);
    WireHandlers handlers = new WireHandlers("the head", codec);
    RemoteGlobalScheduler.serveOn(handlers, head);
    RpcServer server = RpcServer.start(RpcConfig.defaults(), token, handlers);
    RpcClient client = RpcClient.connect(RpcConfig.defaults(), token, server.localAddress(), RpcHandler.none());
    RemoteGlobalScheduler remote = new RemoteGlobalScheduler(new WireClient(client, codec));
    return new GlobalScheduler() {
      @Override
      public void schedule(TaskSpec spec) {
        remote.schedule(spec);
      }

      @Override
      public List<TaskSpec> stop() {
        return remote.stop();
      }

      @Override
      public void close() {
        remote.close();
        client.close();
        server.close();
        head.close();
      }
    };
  }
}
