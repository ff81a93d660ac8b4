import { describe, expect, it } from 'vitest';
import { getNodeDefinition } from '../catalog.ts';
import { compileRule } from '../rule/compile-rule.ts';
import { evaluateRule, type RuleFacts } from '../rule/evaluate-rule.ts';
import { ruleConfigSchema } from '../rule/rule-config.ts';
import { configIssues } from '../sdk/config.ts';
import { templates } from './index.ts';
import { warrantyTriageTemplate } from './warranty-triage.ts';

describe('templates', () => {
  it('lists the warranty template under a unique key', () => {
    expect(templates.map((t) => t.key)).toEqual(['warranty-triage']);
    expect(templates[0]).toBe(warrantyTriageTemplate);
  });

  it.each(templates.map((t) => [t.key, t] as const))(
    '%s uses known node types with valid configs',
    (_key, template) => {
      for (const node of template.graph.nodes) {
        const def = getNodeDefinition(node.type, node.typeVersion);
        expect(def, node.id).toBeDefined();
        if (def) expect(configIssues(def, node.config), node.id).toEqual([]);
      }
    },
  );
});

describe('warranty triage rule', () => {
  const ruleNode = warrantyTriageTemplate.graph.nodes.find((n) => n.type === 'rule');
  const rule = compileRule(ruleConfigSchema.parse(ruleNode?.config));
  const model = { name: 'm', version: '1.0.0' };

  function claim(defect: number, serial: string | null, product = 'laptop'): RuleFacts {
    return {
      classification: { model, label: 'defect', score: defect, scores: { defect, ok: 1 - defect } },
      text: { model, text: '', confidence: 0.9, serial },
      detections: {
        model,
        items: [{ mediaId: 'm1', label: product, score: 0.9, box: { x: 0, y: 0, width: 1, height: 1 } }],
      },
    };
  }

  it.each([
    ['auto-approves a clear defect on a recognised product with a serial', claim(0.95, 'AB12345678'), 'approve'],
    ['sends a medium score to review', claim(0.62, 'AB12345678'), 'review'],
    ['asks for more evidence on a low score', claim(0.2, 'AB12345678'), 'more-info'],
    ['reviews a clear defect without a readable serial', claim(0.95, null), 'review'],
    ['reviews a clear defect when no product is recognised', claim(0.95, 'AB12345678', 'person'), 'review'],
  ])('%s', (_name, facts, port) => {
    expect(evaluateRule(rule, facts).port).toBe(port);
  });

  it('explains the review routing in reviewer words', () => {
    expect(evaluateRule(rule, claim(0.62, 'AB12345678')).trace).toContain(
      'Row 2 "review": defect score 0.62 is in the review band 0.40–0.85 → review',
    );
  });
});
