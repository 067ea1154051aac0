"""The tender period: from the publication of the upphandlingsdokument to the
tender deadline. Questions from suppliers and their answers, published to all
in numbered batches; the dates that count, and the decisions that move them."""
