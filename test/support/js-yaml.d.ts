// js-yaml ships without types (it comes with cosmiconfig); the tests only load YAML.
declare module 'js-yaml' {
  const yaml: { load(text: string): unknown };
  export default yaml;
}
