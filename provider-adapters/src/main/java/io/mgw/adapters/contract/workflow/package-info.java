/**
 * The workflow contract shared by control-plane (editing) and workflow-runtime (executing): the node catalog
 * ({@link io.mgw.adapters.contract.workflow.NodeCatalog}, read from {@code catalog/nodes.json}), the graph model
 * ({@link io.mgw.adapters.contract.workflow.WorkflowGraph}) and its one JSON codec
 * ({@link io.mgw.adapters.contract.workflow.WorkflowGraphJson}). Plain Java and Jackson; no I/O beyond the classpath.
 */
package io.mgw.adapters.contract.workflow;
