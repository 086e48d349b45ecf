import type { ContentBlock } from '@modelcontextprotocol/server';
import { defineTool } from '@mcpkit/core';
import type { Tool } from '@mcpkit/core';
import { z } from 'zod';

import type { ConformanceContext } from '../context.js';
import { PNG_BASE64, WAV_BASE64 } from '../media.js';
import { fixtureAnnotations, textOutput } from './text-tool.js';

/** A tool that answers with fixed content blocks (and their summary as structured content). */
function contentTool(name: string, description: string, blocks: ContentBlock[]): Tool<ConformanceContext> {
  return defineTool({
    name,
    title: name,
    description,
    input: z.object({}),
    output: textOutput,
    annotations: fixtureAnnotations,
    handler: () => ({ text: blocks.map(block => block.type).join(', ') }),
    render: () => blocks
  });
}

const image: ContentBlock = { type: 'image', data: PNG_BASE64, mimeType: 'image/png' };

/** The content-type scenarios: text, image, audio, embedded resource, and all of them mixed. */
export const contentTools: readonly Tool<ConformanceContext>[] = [
  contentTool('test_simple_text', 'Returns one text block (tools-call-simple-text).', [
    { type: 'text', text: 'This is a simple text response for testing.' }
  ]),
  contentTool('test_image_content', 'Returns one PNG image block (tools-call-image).', [image]),
  contentTool('test_audio_content', 'Returns one WAV audio block (tools-call-audio).', [
    { type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }
  ]),
  contentTool('test_embedded_resource', 'Returns an embedded text resource (tools-call-embedded-resource).', [
    {
      type: 'resource',
      resource: {
        uri: 'test://embedded-resource',
        mimeType: 'text/plain',
        text: 'This is an embedded resource content.'
      }
    }
  ]),
  contentTool(
    'test_multiple_content_types',
    'Returns text, image and resource blocks together (tools-call-mixed-content).',
    [
      { type: 'text', text: 'Multiple content types test:' },
      image,
      {
        type: 'resource',
        resource: {
          uri: 'test://mixed-content-resource',
          mimeType: 'application/json',
          text: '{"test":"data","value":123}'
        }
      }
    ]
  )
];
