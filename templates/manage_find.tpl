{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Gérer mon rendez-vous]]</h1>
<p>[[Saisissez la référence de votre rendez-vous et le portable ou l'adresse électronique donnés lors de la réservation : nous vous envoyons un code pour y accéder.]]</p>
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/gerer" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="reference">[[Référence du rendez-vous]]</label>
<p class="hint" id="reference-hint">[[8 caractères, par exemple K7QM3XPA]]</p>
{{#ERR_REFERENCE}}<p class="error" id="reference-err">{{E_REFERENCE}}</p>{{/ERR_REFERENCE}}
<input id="reference" name="reference" type="text" autocomplete="off" maxlength="12" value="{{V_REFERENCE}}" required aria-describedby="reference-hint{{#ERR_REFERENCE}} reference-err{{/ERR_REFERENCE}}"{{#ERR_REFERENCE}} aria-invalid="true"{{/ERR_REFERENCE}}>
</div>
<div class="field">
<label for="contact">[[Portable ou adresse électronique]]</label>
{{#ERR_CONTACT}}<p class="error" id="contact-err">{{E_CONTACT}}</p>{{/ERR_CONTACT}}
<input id="contact" name="contact" type="text" autocomplete="email" maxlength="254" value="{{V_CONTACT}}" required{{#ERR_CONTACT}} aria-invalid="true" aria-describedby="contact-err"{{/ERR_CONTACT}}>
</div>
<p class="actions"><button type="submit" class="button">[[Recevoir un code]]</button></p>
</form>
{{>FOOTER}}
