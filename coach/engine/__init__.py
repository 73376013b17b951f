"""The pure counting engine: landmarks or image features with timestamps in,
repetition events out. Nothing in this package imports cv2, mediapipe or
streamlit; tests drive it with plain sequences."""
