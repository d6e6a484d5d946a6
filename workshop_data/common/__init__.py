"""What every family shares: the model, the trip file's store and migrations, the translation
function, time stamps, errors, the demo trip.
"""
