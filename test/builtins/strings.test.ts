import { describe, expect, it } from 'vitest';
import { call, callError } from './helpers.js';

describe('strings.replace_n (Go strings.Replacer)', () => {
  it('replaces several patterns in one pass', () => {
    expect(call('strings.replace_n', { '<': '&lt;', '>': '&gt;' }, 'This is <b>HTML</b>!')).toBe(
      'This is &lt;b&gt;HTML&lt;/b&gt;!',
    );
    expect(call('strings.replace_n', { old1: 'new1', old2: 'new2' }, 'Everything is new1, new2')).toBe(
      'Everything is new1, new2',
    );
  });

  it('gives overlapping patterns priority in key order, whatever their insertion order', () => {
    expect(call('strings.replace_n', { f: 'x', foo: 'xxx' }, 'foobar')).toBe('xoobar');
    expect(call('strings.replace_n', { foo: 'xxx', f: 'x' }, 'foobar')).toBe('xoobar');
    expect(call('strings.replace_n', { a: 'b', b: 'a' }, 'ab')).toBe('ba');
  });

  it('inserts an empty pattern between characters, not twice in a row', () => {
    expect(call('strings.replace_n', { '': '-' }, 'ab')).toBe('-a-b-');
    expect(call('strings.replace_n', { '': '-', a: 'A' }, 'ab')).toBe('-A-b-');
    expect(call('strings.replace_n', { '': '.' }, 'é😀')).toBe('.é.😀.');
  });

  it('rejects non-string values and operands', () => {
    expect(callError('strings.replace_n', { f: 100 }, 'foo').message).toBe(
      'strings.replace_n: operand 1 non-string value found in pattern object',
    );
    expect(callError('strings.replace_n', { foo: 'baz' }, 100).message).toBe(
      'strings.replace_n: operand 2 must be string but got number',
    );
  });
});

describe('strings.any_prefix_match / any_suffix_match', () => {
  it('accepts strings, arrays and sets on both sides', () => {
    expect(call('strings.any_prefix_match', ['a/b/c', 'a/b/d', 'e/f/g'], ['a/', 'd/'])).toBe(true);
    expect(call('strings.any_prefix_match', ['a/b/c', 'e/f/g'], ['f/', 'd/'])).toBe(false);
    expect(call('strings.any_prefix_match', 'aa/bb/cc', ['a/b', 'aa/b'])).toBe(true);
    expect(call('strings.any_prefix_match', 'aa/bb/cc', 'b/cc')).toBe(false);
    expect(call('strings.any_suffix_match', 'aa/bb/cc', ['x', 'b/cc'])).toBe(true);
    expect(call('strings.any_suffix_match', ['x.yaml', 'y.json'], '.yml')).toBe(false);
    expect(call('strings.any_prefix_match', [], ['a'])).toBe(false);
  });

  it('reports type errors like OPA', () => {
    expect(callError('strings.any_prefix_match', 1, 'a').message).toBe(
      'strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number',
    );
    expect(callError('strings.any_prefix_match', ['a', 1], 'a').message).toBe(
      'strings.any_prefix_match: operand 1 must be array of strings but got array containing number',
    );
    expect(callError('strings.any_suffix_match', 'a', [1]).code).toBe('eval_type_error');
  });
});

describe('strings.render_template (Go text/template)', () => {
  const render = (template: string, vars: unknown) => call('strings.render_template', template, vars);

  it('renders fields, numbers and ranges', () => {
    expect(render('{{.test}}', { test: 'hello world' })).toBe('hello world');
    expect(render('{{.test}}', { test: 2023 })).toBe('2023');
    expect(render('{{.x}} {{.y}}', { x: 1.5, y: 1e21 })).toBe('1.5 1e+21');
    expect(
      render('{{range $i, $name := .hellonames}}{{if $i}},{{end}}hello {{$name}}{{end}}', {
        hellonames: ['rohan', 'john doe'],
      }),
    ).toBe('hello rohan,hello john doe');
    expect(render('{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}', { m: { b: 2, a: 1 } })).toBe('a=1;b=2;');
    expect(render('{{range .xs}}[{{.}}]{{else}}none{{end}}', { xs: [] })).toBe('none');
  });

  it('evaluates conditions, pipelines, variables and functions', () => {
    const vars = { user: { name: 'ana', roles: ['admin', 'dev'] }, n: 3, empty: '' };
    expect(render('{{if .empty}}a{{else if .n}}b{{else}}c{{end}}', vars)).toBe('b');
    expect(render('{{with .user}}{{.name}}{{end}}', vars)).toBe('ana');
    expect(render('{{$x := .user.name}}{{$x | printf "%q"}}', vars)).toBe('"ana"');
    expect(render('{{len .user.roles}} {{index .user.roles 1}} {{index .user "name"}}', vars)).toBe(
      '2 dev ana',
    );
    expect(render('{{if and .n (not .empty)}}yes{{end}}', vars)).toBe('yes');
    expect(render('{{if eq .user.name "ana" "bob"}}ok{{end}}', vars)).toBe('ok');
    expect(render('{{if gt (len .user.roles) 1}}many{{end}}', vars)).toBe('many');
    expect(render('{{printf "%s has %d roles" .user.name (len .user.roles)}}', vars)).toBe('ana has 2 roles');
    expect(render('{{print "a" 1 2 "b"}}', vars)).toBe('a1 2b');
    expect(render('{{html "<a&b>"}} {{urlquery "a b"}}', vars)).toBe('&lt;a&amp;b&gt; a+b');
    expect(render('{{range .user.roles}}{{if eq . "admin"}}{{continue}}{{end}}{{.}}{{end}}', vars)).toBe(
      'dev',
    );
  });

  it('trims around {{- and -}} and skips comments', () => {
    expect(render('a  {{- .x -}}  b {{/* note */}}c', { x: 1 })).toBe('a1b c');
  });

  it('fails on missing keys and unsupported constructs', () => {
    expect(callError('strings.render_template', '{{.testvarnotprovided}}', { test: 'x' }).message).toContain(
      'map has no entry for key "testvarnotprovided"',
    );
    expect(callError('strings.render_template', '{{if .x}}', { x: 1 }).message).toContain('unexpected EOF');
    expect(callError('strings.render_template', '{{template "x"}}', {}).message).toContain('not supported');
    expect(callError('strings.render_template', '{{nosuch 1}}', {}).message).toContain(
      'function "nosuch" not defined',
    );
    expect(callError('strings.render_template', '{{if eq .n 1}}x{{end}}', { n: 1 }).message).toContain(
      'incompatible types for comparison',
    );
  });
});
