// What fit returns (Keras's History): one value per epoch of each logged quantity.

/** The values fit logs at the end of a batch or an epoch: "loss", each metric ("accuracy"), and with validation "valLoss", "valAccuracy". */
export type Logs = Record<string, number>;

/** fit's settings, as History.params records them. */
export interface FitParams {
  /** Epochs asked for. */
  readonly epochs: number;
  /** Batches per epoch. */
  readonly steps: number;
  /** Training examples (after any validationSplit). */
  readonly samples: number;
  /** Examples per batch. */
  readonly batchSize: number;
}

/**
 * The record of a {@link Model.fit} run, as Keras's History: `history.loss[e]` is the mean
 * training loss of epoch e, `history.valAccuracy[e]` the validation accuracy at its end;
 * `history.history` holds every logged series by key.
 */
export class History {
  /** The epochs run, numbered from 0 (Keras's `history.epoch`). */
  readonly epoch: number[] = [];
  /** Every series by its log key ("loss", "accuracy", "valLoss", "valAccuracy", "mae", ...). */
  readonly history: Record<string, number[]> = {};
  /** fit's settings: epochs, steps per epoch, training samples, batch size. */
  readonly params: FitParams;

  /** @internal Made by fit. */
  constructor(params: FitParams) {
    this.params = params;
  }

  /** @internal Appends one epoch's logs. */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }

  /** Training loss per epoch (the mean over the epoch's batches, weighted by batch size). */
  get loss(): number[] {
    return this.history.loss ?? [];
  }
  /** Training accuracy per epoch, if "accuracy" was compiled. */
  get accuracy(): number[] | undefined {
    return this.history.accuracy;
  }
  /** Training mean absolute error per epoch, if "mae" was compiled. */
  get mae(): number[] | undefined {
    return this.history.mae;
  }
  /** Training mean squared error per epoch, if "mse" was compiled. */
  get mse(): number[] | undefined {
    return this.history.mse;
  }
  /** Validation loss at the end of each epoch, with validationSplit or validationData. */
  get valLoss(): number[] | undefined {
    return this.history.valLoss;
  }
  /** Validation accuracy at the end of each epoch. */
  get valAccuracy(): number[] | undefined {
    return this.history.valAccuracy;
  }
  /** Validation mean absolute error at the end of each epoch. */
  get valMae(): number[] | undefined {
    return this.history.valMae;
  }
  /** Validation mean squared error at the end of each epoch. */
  get valMse(): number[] | undefined {
    return this.history.valMse;
  }
}
