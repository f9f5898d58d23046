/**
 * Pure graph analysis for the workflows API: validation ({@link io.mgw.controlplane.workflow.graph.GraphValidator}),
 * layered layout ({@link io.mgw.controlplane.workflow.graph.LayeredLayout}), placement of new nodes
 * ({@link io.mgw.controlplane.workflow.graph.NodePlacement}), compute-scopes
 * ({@link io.mgw.controlplane.workflow.graph.ScopeComputer}) and the built-in templates
 * ({@link io.mgw.controlplane.workflow.graph.WorkflowTemplates}). No HTTP, no database, no Micronaut: the workflow
 * feature wires these with the node catalog of {@code io.mgw.adapters.contract.workflow}.
 */
package io.mgw.controlplane.workflow.graph;
