package io.mgw.adapters.contract.workflow;

import java.util.List;

/** The named input and output ports of a node type; a connection may only use declared ports. */
public record NodePorts(List<String> inputs, List<String> outputs) {

    public NodePorts {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
