export interface InitGeneratorSchema {
  /** Do not create model-registry.json. */
  skipRegistry?: boolean;
  skipFormat?: boolean;
}
