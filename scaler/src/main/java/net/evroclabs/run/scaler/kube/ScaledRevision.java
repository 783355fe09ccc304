package net.evroclabs.run.scaler.kube;

import net.evroclabs.run.scaler.RevisionKey;
import net.evroclabs.run.scaler.decision.Replicas;
import net.evroclabs.run.scaler.decision.ScalingSpec;

/**
 * One revision as the scaler sees it: its autoscaling settings and its Deployment's replicas.
 *
 * @param key namespace and name (the Deployment has the same)
 * @param spec the defaulted autoscaling settings of its Service
 * @param replicas the Deployment's desired and ready replicas, and whether the revision is Ready
 */
public record ScaledRevision(RevisionKey key, ScalingSpec spec, Replicas replicas) {}
