"""The evaluation model: its arithmetic and warnings, award criteria's scales and the utvärderingspris."""
