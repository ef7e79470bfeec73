"""The name stage: Python identifiers for keys, requests and packages (``identifiers``), and
one class name per distinct object structure across a collection (``models``)."""
