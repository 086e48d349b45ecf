import { defineResource, defineResourceTemplate } from '@mcpkit/core';
import type { ResourceDefinition } from '@mcpkit/core';

import type { ConformanceContext } from './context.js';
import { PNG_BASE64 } from './media.js';

/** The resources the conformance scenarios read, list and subscribe to. */
export const resources: readonly ResourceDefinition<ConformanceContext>[] = [
  defineResource({
    name: 'static-text',
    uri: 'test://static-text',
    title: 'Static text',
    description: 'A fixed text resource (resources-read-text).',
    mimeType: 'text/plain',
    read: uri => ({
      contents: [
        { uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }
      ]
    })
  }),
  defineResource({
    name: 'static-binary',
    uri: 'test://static-binary',
    title: 'Static binary',
    description: 'A fixed PNG resource (resources-read-binary).',
    mimeType: 'image/png',
    read: uri => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG_BASE64 }] })
  }),
  defineResource({
    name: 'watched-resource',
    uri: 'test://watched-resource',
    title: 'Watched resource',
    description: 'A resource clients subscribe to (resources-subscribe).',
    mimeType: 'text/plain',
    read: uri => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Watched resource content' }] })
  }),
  defineResourceTemplate({
    name: 'template',
    uriTemplate: 'test://template/{id}/data',
    title: 'Templated data',
    description: 'Data for one id (resources-templates-read).',
    mimeType: 'application/json',
    complete: { id: value => ['123', '456'].filter(id => id.startsWith(value)) },
    read: (uri, variables) => {
      const id = String(variables.id);
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` })
          }
        ]
      };
    }
  })
];
