import { cannedClient, describeServerContract, toolErrorSample } from '@mcpkit/testing';

import { CANNED_ANSWERS, quietServer } from './helpers.js';

describeServerContract({
  name: 'conformance fixture',
  create: quietServer,
  client: cannedClient(CANNED_ANSWERS),
  samples: {
    test_simple_text: {},
    test_image_content: {},
    test_audio_content: {},
    test_embedded_resource: {},
    test_multiple_content_types: {},
    test_tool_with_logging: {},
    test_logging_tool: {},
    test_tool_with_progress: {},
    test_error_handling: toolErrorSample(),
    test_trigger_tool_change: {},
    test_trigger_prompt_change: {},
    test_sampling: { prompt: 'Capital of France?' },
    test_elicitation: { message: 'Who are you?' },
    test_elicitation_sep1034_defaults: {},
    test_elicitation_sep1330_enums: {},
    test_missing_capability: {},
    test_streaming_elicitation: {},
    test_input_required_result_elicitation: {},
    test_input_required_result_sampling: {},
    test_input_required_result_list_roots: {},
    test_input_required_result_request_state: {},
    test_input_required_result_multiple_inputs: {},
    test_input_required_result_multi_round: {},
    test_input_required_result_tampered_state: {},
    test_input_required_result_capabilities: {}
  }
});
