package org.tipgate.config;

import java.time.Clock;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tipgate.audit.AuditTrail;
import org.tipgate.audit.Checkpoints;
import org.tipgate.audit.Sequencer;
import org.tipgate.crypto.CmsSigner;
import org.tipgate.directory.AgencyDirectory;
import org.tipgate.events.EventLog;

/**
 * The audit trail over the pipeline's database: the sequencer that places committed events in the
 * Merkle log, the gateway's signed checkpoints (the log's origin is the gateway's agency id), and
 * the queries. The {@code audit-sequencer} and {@code audit-checkpoint} flows (routes/) run the
 * first two on timers; {@link AuditShutdown} runs both once more when the gateway stops.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** The sequencer gives way to feeds in flight for at most {@code tipgate.audit.sequence-max-delay}. */
    @Bean
    AuditPacing auditPacing(CamelContext camel, Sequencer auditSequencer, TipGateProperties properties,
                            Clock clock) {
        return new AuditPacing(camel, auditSequencer, properties.audit().sequenceMaxDelay(), clock);
    }

    @Bean
    Sequencer auditSequencer(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, TipGateProperties properties) {
        return new Sequencer(jdbc, tx, clock, properties.audit().batch());
    }

    @Bean
    Checkpoints auditCheckpoints(JdbcTemplate jdbc, TransactionTemplate tx, CmsSigner gatewaySigner,
                                 AgencyDirectory directory, Clock clock) {
        return new Checkpoints(jdbc, tx, gatewaySigner, directory.gateway().id(), clock);
    }

    @Bean
    AuditTrail auditTrail(JdbcTemplate jdbc, TransactionTemplate tx, Sequencer auditSequencer,
                          Checkpoints auditCheckpoints, EventLog events, CmsSigner gatewaySigner, Clock clock) {
        return new AuditTrail(jdbc, tx, auditSequencer, auditCheckpoints, events, gatewaySigner, clock);
    }

    @Bean
    AuditShutdown auditShutdown(Sequencer auditSequencer, Checkpoints auditCheckpoints) {
        return new AuditShutdown(auditSequencer, auditCheckpoints, AuditShutdown.BUDGET);
    }
}
